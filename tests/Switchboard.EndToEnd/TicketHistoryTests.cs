using Grpc.Core;
using Switchboard.EndToEnd.Harness;
using Switchboard.V1;

namespace Switchboard.EndToEnd;

/// <summary>Paged transcripts, the audit trail and a customer's ticket history, over gRPC.</summary>
public sealed class TicketHistoryTests
{
    [Fact]
    public async Task Transcript_pages_newest_first_with_a_cursor()
    {
        await using var node = await SwitchboardNode.Start();
        await using var desk = await Scenario.AvailableAgent(node, "alice");
        await using var adapter = await AdapterSession.Open(node, "webchat");
        var ack = await Scenario.AssignedTicket(adapter, desk, "h-1", "message 0");
        for (var i = 1; i <= 5; i++)
        {
            await node.Agents.ReplyAsync(new() { AgentId = "alice", TicketId = ack.TicketId, Body = $"message {i}" });
        }
        await node.Agents.AddInternalNoteAsync(new() { AgentId = "alice", TicketId = ack.TicketId, Body = "message 6" });

        var pages = new List<string[]>();
        var token = "";
        do
        {
            var response = await node.Agents.GetTicketAsync(new() { TicketId = ack.TicketId, TranscriptPageSize = 3, TranscriptPageToken = token });
            pages.Add(response.Ticket.Transcript.Select(m => m.Body).ToArray());
            token = response.NextTranscriptPageToken;
        }
        while (token.Length > 0 && pages.Count < 10);

        Assert.Equal(
            [["message 6", "message 5", "message 4"], ["message 3", "message 2", "message 1"], ["message 0"]],
            pages);
        var whole = await Scenario.Ticket(node, ack.TicketId);
        Assert.Equal(Enumerable.Range(0, 7).Select(i => $"message {i}"), whole.Transcript.Select(m => m.Body));
        var refused = await Refusal.Of(StatusCode.InvalidArgument, () =>
            node.Agents.GetTicketAsync(new() { TicketId = ack.TicketId, TranscriptPageToken = "not-a-token" }).ResponseAsync);
        Assert.Equal("transcript_page_token", Refusal.FieldOf(refused));
    }

    [Fact]
    public async Task Audit_trail_shows_who_changed_what_and_when_in_log_order()
    {
        await using var node = await SwitchboardNode.Start();
        await using var desk = await Scenario.AvailableAgent(node, "alice");
        await Scenario.OfflineAgent(node, "bob");
        await using var adapter = await AdapterSession.Open(node, "webchat");
        var ack = await Scenario.AssignedTicket(adapter, desk, "h-2");
        var started = DateTimeOffset.UtcNow;
        await node.Agents.UpdateTicketAsync(new() { AgentId = "bob", TicketId = ack.TicketId, Priority = TicketPriority.Urgent, AddTags = { "vip" } });
        await node.Agents.AddInternalNoteAsync(new() { AgentId = "bob", TicketId = ack.TicketId, Body = "Secret: call back after 5pm" });
        await node.Agents.ReplyAsync(new() { AgentId = "alice", TicketId = ack.TicketId, Body = "On it" });
        await node.Agents.UpdateTicketAsync(new() { AgentId = "alice", TicketId = ack.TicketId, Status = TicketStatus.Solved });

        var all = await AllEvents(node, ack.TicketId, pageSize: 2);

        Assert.Equal(["opened", "customer_message", "queued", "assigned", "updated", "internal_note", "agent_reply", "updated"], all.Select(e => e.Kind));
        Assert.Equal(all.Select(e => e.Sequence).Order(), all.Select(e => e.Sequence));
        var (priority, note, solve) = (all[4], all[5], all[7]);
        Assert.Equal(("agent:bob", "priority Urgent; tags +vip"), (priority.Actor, priority.Summary));
        Assert.Equal(("agent:bob", "internal note"), (note.Actor, note.Summary));
        Assert.Equal(("agent:alice", "status Solved"), (solve.Actor, solve.Summary));
        Assert.Equal($"customer:{ack.CustomerId}", all[0].Actor);
        Assert.InRange(priority.At.ToDateTimeOffset(), started.AddSeconds(-1), DateTimeOffset.UtcNow);
        Assert.DoesNotContain(all, e => e.Summary.Contains("Secret", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Customer_history_lists_every_ticket_newest_first_in_pages()
    {
        await using var node = await SwitchboardNode.Start();
        await using var adapter = await AdapterSession.Open(node, "webchat");
        var tickets = new List<InboundAck>();
        for (var i = 0; i < 3; i++)
        {
            var message = AdapterSession.Message($"visit-{i}", $"visit-{i}", $"question {i}", sender: "returning-visitor");
            message.SenderName = "Riley";
            tickets.Add(await adapter.SendAcked(message));
        }
        await adapter.SendAcked(AdapterSession.Message("other", "other", "someone else", sender: "another-visitor"));

        var first = await node.Agents.ListCustomerTicketsAsync(new() { CustomerId = tickets[0].CustomerId, PageSize = 2 });
        var second = await node.Agents.ListCustomerTicketsAsync(new() { CustomerId = tickets[0].CustomerId, PageSize = 2, PageToken = first.NextPageToken });

        Assert.Equal("Riley", first.DisplayName);
        Assert.Equal([tickets[2].TicketId, tickets[1].TicketId], first.Tickets.Select(t => t.TicketId));
        Assert.Equal([tickets[0].TicketId], second.Tickets.Select(t => t.TicketId));
        Assert.Empty(second.NextPageToken);
        Assert.Equal(("question 2", TicketStatus.New, TicketPriority.Normal), (first.Tickets[0].Preview, first.Tickets[0].Status, first.Tickets[0].Priority));
        await Refusal.Of(StatusCode.NotFound, () => node.Agents.ListCustomerTicketsAsync(new() { CustomerId = "c-nobody" }).ResponseAsync);
    }

    [Fact]
    public async Task The_audit_trail_is_read_from_the_log_and_a_failed_read_is_unavailable_until_asked_again()
    {
        await using var node = await SwitchboardNode.Start();
        await using var adapter = await AdapterSession.Open(node, "webchat");
        var ack = await adapter.SendAcked(AdapterSession.Message("audit-read", "m-1", "Is my order shipped?"));
        var before = await AllEvents(node, ack.TicketId);
        Assert.Contains(before, e => e.Summary == "customer message");

        // The ticket stays in memory; only the log's table is out of reach.
        await NodeDatabase.ExecuteAsync(node.DatabasePath, "ALTER TABLE ticket_events RENAME TO ticket_events_away;");
        var refused = await Refusal.Of(StatusCode.Unavailable,
            () => node.Agents.ListTicketEventsAsync(new() { TicketId = ack.TicketId }).ResponseAsync);
        Assert.Contains("Ask again", refused.Status.Detail, StringComparison.Ordinal);

        await NodeDatabase.ExecuteAsync(node.DatabasePath, "ALTER TABLE ticket_events_away RENAME TO ticket_events;");
        Assert.Equal(before.Select(e => (e.Sequence, e.Summary)), (await AllEvents(node, ack.TicketId)).Select(e => (e.Sequence, e.Summary)));
    }

    public static async Task<List<TicketAuditEntry>> AllEvents(SwitchboardNode node, string ticketId, int pageSize = 0)
    {
        var events = new List<TicketAuditEntry>();
        var token = "";
        for (var pages = 0; pages < 100; pages++)
        {
            var page = await node.Agents.ListTicketEventsAsync(new() { TicketId = ticketId, PageSize = pageSize, PageToken = token });
            events.AddRange(page.Events);
            token = page.NextPageToken;
            if (token.Length == 0)
            {
                break;
            }
        }
        return events;
    }
}
