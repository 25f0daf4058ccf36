using System.Diagnostics;
using Microsoft.Playwright;
using Switchboard.EndToEnd.Harness;
using Switchboard.V1;
using static Microsoft.Playwright.Assertions;

namespace Switchboard.EndToEnd.Browser;

/// <summary>The live floor page at "/", in a real browser, while traffic goes through the gRPC API.</summary>
[Collection(ChromiumCollection.Name)]
public sealed class DashboardPageTests(ChromiumFixture chromium)
{
    [Fact]
    public async Task A_new_waiting_ticket_shows_on_its_tile_within_a_second_and_leaves_when_an_agent_accepts()
    {
        await using var node = await SwitchboardNode.Start();
        await node.Admin.UpsertAgentAsync(new() { Agent = new AgentProfile { AgentId = "ann", DisplayName = "Ann Lee" } });
        var page = await chromium.NewPage();
        await page.GotoAsync(node.WebAddress + "/#key=" + SwitchboardNode.AdminKey);
        var waiting = page.Locator("[data-queue=default] [data-testid=waiting]");
        await Expect(waiting).ToHaveTextAsync("0");
        await Expect(page.Locator("[data-agent=ann] [data-testid=state]")).ToHaveTextAsync("Offline");

        var clock = Stopwatch.StartNew();
        var ack = (await node.Channels.SubmitInboundAsync(new() { AdapterId = "webchat", Message = AdapterSession.Message("c-1", "m-1", "Where is my parcel?") })).Ack;
        await Expect(waiting).ToHaveTextAsync("1", new() { Timeout = 1000 });
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"the tile took {clock.ElapsedMilliseconds} ms");

        await using var desk = await DeskSession.Open(node, "ann");
        await node.Agents.SetPresenceAsync(new() { AgentId = "ann", Presence = Presence.Available });
        await desk.NextOffer();
        await node.Agents.AcceptOfferAsync(new() { AgentId = "ann", TicketId = ack.TicketId });

        await Expect(waiting).ToHaveTextAsync("0", new() { Timeout = 1000 });
        await Expect(page.Locator("[data-agent=ann] [data-testid=state]")).ToHaveTextAsync("Busy");
        await page.ScreenshotAsync(new() { Path = Path.Combine(ChromiumFixture.ScreenshotDirectory, "dashboard.png"), FullPage = true });
    }
}
