using Microsoft.Playwright;
using Switchboard.EndToEnd.Harness;
using Switchboard.V1;
using static Microsoft.Playwright.Assertions;

namespace Switchboard.EndToEnd.Browser;

/// <summary>The agent desk page, in a real browser, talking to a customer behind a real adapter stream.</summary>
[Collection(ChromiumCollection.Name)]
public sealed class DeskPageTests(ChromiumFixture chromium)
{
    [Fact]
    public async Task An_agent_signs_in_takes_an_offer_replies_to_the_customer_and_solves_the_ticket()
    {
        await using var node = await SwitchboardNode.Start();
        await node.Admin.UpsertAgentAsync(new() { Agent = new AgentProfile { AgentId = "alice", DisplayName = "Alice" } });
        await using var adapter = await AdapterSession.Open(node, "webchat");
        var page = await chromium.NewPage();
        var key = (await node.Admin.CreateApiKeyAsync(new() { Name = "alice's desk", Role = Role.Agent, AgentId = "alice" })).Secret;
        await page.GotoAsync(node.WebAddress + "/desk.html");

        await page.FillAsync("#access-key", key);
        await page.FillAsync("#agent-id", "alice");
        await page.ClickAsync("text=Sign in");
        await Expect(page.Locator("#live-text")).ToHaveTextAsync("connected as alice");
        await page.ClickAsync("#go-available");
        await Expect(page.Locator("#presence")).ToHaveTextAsync("Available");

        var ack = await adapter.SendAcked(AdapterSession.Message("conv-1", "m-1", "Hi, my order never arrived", sender: "visitor-42"));
        var offer = page.Locator($"[data-offer='{ack.TicketId}']");
        await Expect(offer).ToContainTextAsync("my order never arrived");
        await offer.Locator("text=Accept").ClickAsync();
        await Expect(page.Locator("#transcript li.customer")).ToContainTextAsync("Hi, my order never arrived");

        await page.FillAsync("#reply", "Sorry about that! A replacement ships today.");
        await page.ClickAsync("#reply-form button[type=submit]");
        var outbound = await adapter.NextOutbound();
        Assert.Equal("Sorry about that! A replacement ships today.", outbound.Body);
        Assert.Equal("alice", outbound.AgentId);
        Assert.Equal("conv-1", outbound.ConversationId);
        await Expect(page.Locator("#transcript li.agent")).ToContainTextAsync("A replacement ships today.");

        await adapter.SendAcked(AdapterSession.Message("conv-1", "m-2", "Thank you!", sender: "visitor-42"));
        await Expect(page.Locator("#transcript li.customer").Last).ToContainTextAsync("Thank you!");
        await page.ScreenshotAsync(new() { Path = Path.Combine(ChromiumFixture.ScreenshotDirectory, "desk.png"), FullPage = true });

        await page.ClickAsync("#solve");
        await Expect(page.Locator("#tickets")).ToContainTextAsync("No tickets.");
        Assert.Equal(TicketStatus.Solved, (await node.Agents.GetTicketAsync(new() { TicketId = ack.TicketId })).Ticket.Status);
    }

    [Fact]
    public async Task Signing_in_as_an_unknown_agent_says_so()
    {
        await using var node = await SwitchboardNode.Start();
        var page = await chromium.NewPage();
        await page.GotoAsync(node.WebAddress + "/desk.html");

        await page.FillAsync("#access-key", SwitchboardNode.AdminKey);
        await page.FillAsync("#agent-id", "nobody");
        await page.ClickAsync("text=Sign in");

        await Expect(page.Locator("#sign-in-error")).ToContainTextAsync("does not exist");
    }
}
