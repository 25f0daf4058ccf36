using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Playwright;
using Switchboard.EndToEnd.Harness;
using Switchboard.V1;
using static Microsoft.Playwright.Assertions;

namespace Switchboard.EndToEnd.Browser;

/// <summary>
/// The desk's ticket tools in a real browser: internal notes, status and priority, side conversations with a
/// third party behind a real adapter, merging two tickets of one customer, and the customer's CSAT rating.
/// </summary>
[Collection(ChromiumCollection.Name)]
public sealed class DeskWorkflowPageTests(ChromiumFixture chromium)
{
    [Fact]
    public async Task A_side_conversation_goes_out_through_its_adapter_and_the_third_party_reply_shows_live()
    {
        await using var node = await SwitchboardNode.Start();
        await using var webchat = await AdapterSession.Open(node, "webchat");
        await using var email = await AdapterSession.Open(node, "email");
        var page = await SignedIn(node, "alice");
        var ack = await Accepted(page, webchat, "conv-1", "m-1", "My parcel arrived damaged", "visitor-7");

        // An internal note stays on the ticket and never reaches the customer.
        await page.FillAsync("#reply", "Photos show a crushed box; claim with the carrier.");
        await page.ClickAsync("#add-note");
        await Expect(page.Locator("#transcript li.note")).ToContainTextAsync("claim with the carrier");
        Assert.True(await webchat.Inbox.NothingWithin(r => r.FrameCase == StreamConversationsResponse.FrameOneofCase.Outbound, TimeSpan.FromMilliseconds(300)));

        await page.SelectOptionAsync("#priority-select", "TICKET_PRIORITY_HIGH");
        await page.SelectOptionAsync("#status-select", "TICKET_STATUS_PENDING");
        await Expect(page.Locator("#ticket-status")).ToHaveTextAsync("Pending");
        var updated = await Scenario.Ticket(node, ack.TicketId);
        Assert.Equal((TicketStatus.Pending, TicketPriority.High), (updated.Status, updated.Priority));
        Assert.True(Assert.Single(updated.Transcript, m => m.InternalNote).AgentId == "alice");

        await page.ClickAsync("#new-side summary");
        await page.FillAsync("#side-recipient", "claims@carrier.example");
        await page.FillAsync("#side-subject", "Damaged parcel claim");
        await page.FillAsync("#side-body", "Can you open a claim for this parcel?");
        await page.ClickAsync("#side-form button[type=submit]");

        var outbound = await email.NextOutbound();
        Assert.Equal((OutboundKind.SideConversation, ack.TicketId, "claims@carrier.example", "Damaged parcel claim", "Can you open a claim for this parcel?"),
            (outbound.Kind, outbound.TicketId, outbound.RecipientAddress, outbound.Subject, outbound.Body));
        var thread = page.Locator($"[data-thread='{outbound.SideConversationId}']");
        await Expect(thread.Locator("li.agent")).ToContainTextAsync("Can you open a claim");
        await Expect(thread.Locator("[data-testid=thread-state]")).ToHaveTextAsync("open");

        // The third party answers by mail; the adapter submits it and the desk shows it without a reload.
        await node.Channels.SubmitSideConversationMessageAsync(new()
        {
            AdapterId = "email", TicketId = ack.TicketId, SideConversationId = outbound.SideConversationId, AdapterMessageId = "mail-1",
            SenderAddress = "claims@carrier.example", Body = "Claim 42 opened.", SentAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow),
        });
        await Expect(thread.Locator("li.third-party")).ToContainTextAsync("Claim 42 opened.");
        await Expect(thread.Locator("li.third-party .who")).ToHaveTextAsync("claims@carrier.example");

        await thread.Locator("input").FillAsync("Thanks, please keep me posted.");
        await thread.Locator("button[type=submit]").ClickAsync();
        var followUp = await email.NextOutbound();
        Assert.Equal(("Thanks, please keep me posted.", outbound.SideConversationId), (followUp.Body, followUp.SideConversationId));
        await Expect(thread.Locator("li.agent")).ToHaveCountAsync(2);
        await page.ScreenshotAsync(new() { Path = Path.Combine(ChromiumFixture.ScreenshotDirectory, "desk-side-conversation.png"), FullPage = true });

        await thread.Locator("text=Close").ClickAsync();
        await Expect(thread.Locator("[data-testid=thread-state]")).ToHaveTextAsync("closed");
        Assert.False(Assert.Single((await Scenario.Ticket(node, ack.TicketId)).SideConversations).Open);
        Assert.Equal(["My parcel arrived damaged"], (await Scenario.Ticket(node, ack.TicketId)).Transcript.Where(m => !m.InternalNote).Select(m => m.Body));
    }

    [Fact]
    public async Task An_agent_merges_a_ticket_into_another_of_the_same_customer_and_sees_both_transcripts()
    {
        await using var node = await SwitchboardNode.Start();
        await using var webchat = await AdapterSession.Open(node, "webchat");
        var page = await SignedIn(node, "alice");
        var source = await Accepted(page, webchat, "merge-a", "a-1", "My order is late", "dana");
        var target = await Accepted(page, webchat, "merge-b", "b-1", "Also, where is my order?", "dana");

        await page.ClickAsync($"[data-ticket='{source.TicketId}']");
        await Expect(page.Locator("#transcript li.customer")).ToContainTextAsync("My order is late");
        await Expect(page.Locator($"#merge-target option[value='{target.TicketId}']")).ToHaveCountAsync(1);
        await Expect(page.Locator($"[data-customer-ticket='{target.TicketId}']")).ToContainTextAsync("Open");
        await page.SelectOptionAsync("#merge-target", target.TicketId);
        await page.ClickAsync("#merge");

        await Expect(page.Locator($"[data-ticket='{source.TicketId}']")).ToHaveCountAsync(0);
        await Expect(page.Locator($"[data-ticket='{target.TicketId}']")).ToHaveClassAsync("ticket selected");
        var merged = page.Locator($"[data-merged='{source.TicketId}']");
        await Expect(merged).ToContainTextAsync("Merged from " + source.TicketId);
        await merged.Locator("summary").ClickAsync();
        await Expect(merged.Locator("li.customer")).ToContainTextAsync("My order is late");
        await Expect(page.Locator("#transcript li.customer")).ToContainTextAsync("Also, where is my order?");
        Assert.Equal("", await page.Locator("#desk-error").TextContentAsync());
        await page.ScreenshotAsync(new() { Path = Path.Combine(ChromiumFixture.ScreenshotDirectory, "desk-merge.png"), FullPage = true });

        var closed = await Scenario.Ticket(node, source.TicketId);
        Assert.Equal((TicketStatus.Closed, target.TicketId), (closed.Status, closed.MergedIntoTicketId));
        Assert.Equal([source.TicketId], (await Scenario.Ticket(node, target.TicketId)).MergedFromTicketIds);
    }

    [Fact]
    public async Task After_a_solve_the_customer_rating_and_comment_show_on_the_ticket_and_refusals_show_their_reason()
    {
        await using var node = await SwitchboardNode.Start();
        await node.Admin.SetCsatSettingsAsync(new() { Settings = new CsatSettings { Enabled = true } });
        await using var webchat = await AdapterSession.Open(node, "webchat");
        var page = await SignedIn(node, "alice");
        var ack = await Accepted(page, webchat, "csat-1", "c-1", "Can I change my delivery address?", "erin");
        await page.ClickAsync("#solve");
        await Expect(page.Locator("#tickets")).ToContainTextAsync("No tickets.");
        var survey = await webchat.NextOutbound();
        Assert.Equal(OutboundKind.CsatSurvey, survey.Kind);

        // A refusal (here: no such ticket) shows the server's own sentence to the agent.
        await page.FillAsync("#lookup-id", "t-nosuchticket");
        await page.ClickAsync("#lookup-form button[type=submit]");
        var refused = await Refusal.Of(StatusCode.NotFound, () => node.Agents.GetTicketAsync(new() { TicketId = "t-nosuchticket" }).ResponseAsync);
        await Expect(page.Locator("#desk-error")).ToHaveTextAsync(refused.Status.Detail);

        await page.FillAsync("#lookup-id", ack.TicketId);
        await page.ClickAsync("#lookup-form button[type=submit]");
        await Expect(page.Locator("#desk-error")).ToHaveTextAsync("");
        await Expect(page.Locator("#ticket-notice")).ToContainTextAsync("Not on your desk (Solved, alice)");
        await Expect(page.Locator("#csat")).ToContainTextAsync("waiting for the customer's answer");

        await node.Channels.SubmitCsatRatingAsync(new()
        {
            AdapterId = "webchat", TicketId = ack.TicketId, SurveyId = survey.CsatSurveyId, Rating = 4, Comment = "Quick and friendly",
        });
        await page.ClickAsync("#lookup-form button[type=submit]");
        await Expect(page.Locator("[data-testid=csat-rating]")).ToHaveTextAsync("★★★★☆ 4/5");
        await Expect(page.Locator("[data-testid=csat-comment]")).ToHaveTextAsync("Quick and friendly");
        await Expect(page.Locator("#csat")).ToContainTextAsync("About alice");
        await Expect(page.Locator("#reply-form")).ToBeHiddenAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(ChromiumFixture.ScreenshotDirectory, "desk-csat.png"), FullPage = true });
    }

    /// <summary>The agent's desk page, signed in with the agent's own key, available.</summary>
    private async Task<IPage> SignedIn(SwitchboardNode node, string agentId)
    {
        await node.Admin.UpsertAgentAsync(new() { Agent = new AgentProfile { AgentId = agentId, DisplayName = agentId } });
        var key = (await node.Admin.CreateApiKeyAsync(new() { Name = agentId + "'s desk", Role = Role.Agent, AgentId = agentId })).Secret;
        var page = await chromium.NewPage();
        await page.GotoAsync(node.WebAddress + "/desk.html");
        await page.FillAsync("#access-key", key);
        await page.FillAsync("#agent-id", agentId);
        await page.ClickAsync("text=Sign in");
        await Expect(page.Locator("#live-text")).ToHaveTextAsync("connected as " + agentId);
        await page.ClickAsync("#go-available");
        await Expect(page.Locator("#presence")).ToHaveTextAsync("Available");
        return page;
    }

    /// <summary>A customer writes in and the agent accepts the offer on the page.</summary>
    private static async Task<InboundAck> Accepted(IPage page, AdapterSession adapter, string conversationId, string messageId, string body, string sender)
    {
        var ack = await adapter.SendAcked(AdapterSession.Message(conversationId, messageId, body, sender: sender));
        await page.Locator($"[data-offer='{ack.TicketId}']").Locator("text=Accept").ClickAsync();
        await Expect(page.Locator($"[data-ticket='{ack.TicketId}']")).ToHaveCountAsync(1);
        return ack;
    }
}
