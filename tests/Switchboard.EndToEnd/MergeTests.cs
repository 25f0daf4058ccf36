using Grpc.Core;
using Switchboard.EndToEnd.Harness;
using Switchboard.V1;

namespace Switchboard.EndToEnd;

/// <summary>Merging two tickets of one customer: the source closes and points at the target, which carries on.</summary>
public sealed class MergeTests
{
    [Fact]
    public async Task Merged_ticket_closes_links_both_ways_and_its_conversation_carries_on_in_the_target()
    {
        await using var node = await SwitchboardNode.Start();
        await using var desk = await Scenario.AvailableAgent(node, "alice");
        await using var adapter = await AdapterSession.Open(node, "webchat");
        var source = await AssignedFrom(adapter, desk, "merge-a", "dana", "My order is late");
        var target = await AssignedFrom(adapter, desk, "merge-b", "dana", "Also, where is my order?");
        await node.Agents.ReplyAsync(new() { AgentId = "alice", TicketId = source.TicketId, Body = "Checking the order" });
        await adapter.NextOutbound();

        var merged = (await node.Agents.MergeTicketsAsync(new() { AgentId = "alice", SourceTicketId = source.TicketId, TargetTicketId = target.TicketId })).Ticket;

        Assert.Equal([source.TicketId], merged.MergedFromTicketIds);
        var released = await desk.Inbox.Next(e => e.EventCase == StreamDeskResponse.EventOneofCase.TicketReleased && e.TicketReleased.TicketId == source.TicketId);
        Assert.Equal(TicketStatus.Closed, released.TicketReleased.Status);
        var closed = await Scenario.Ticket(node, source.TicketId);
        Assert.Equal((TicketStatus.Closed, target.TicketId), (closed.Status, closed.MergedIntoTicketId));
        Assert.Equal(["merged_into", "closed"], (await TicketHistoryTests.AllEvents(node, source.TicketId)).TakeLast(2).Select(e => e.Kind));
        var entry = (await TicketHistoryTests.AllEvents(node, target.TicketId)).Last();
        Assert.Equal(("merged_from", "agent:alice", $"{source.TicketId} merged into this ticket"), (entry.Kind, entry.Actor, entry.Summary));
        var shown = await Scenario.Ticket(node, target.TicketId);
        var copied = Assert.Single(shown.MergedTranscripts);
        Assert.Equal(source.TicketId, copied.TicketId);
        Assert.Equal(["My order is late", "Checking the order"], copied.Transcript.Select(m => m.Body));
        Assert.Equal(["Also, where is my order?"], shown.Transcript.Select(m => m.Body));

        // The customer writes again on the merged ticket's conversation: it lands on the target.
        var later = await adapter.SendAcked(AdapterSession.Message("merge-a", "merge-a-2", "Any news?", sender: "dana"));

        Assert.Equal((target.TicketId, false), (later.TicketId, later.Duplicate));
        Assert.Equal("Any news?", (await desk.NextMessage()).Message.Body);
        Assert.Equal(["Also, where is my order?", "Any news?"], (await Scenario.Ticket(node, target.TicketId)).Transcript.Select(m => m.Body));
        Assert.Equal(2, (await Scenario.Ticket(node, source.TicketId)).Transcript.Count);
        var retried = await adapter.SendAcked(AdapterSession.Message("merge-a", "merge-a-2", "Any news?", sender: "dana"));
        Assert.Equal((target.TicketId, later.Sequence, true), (retried.TicketId, retried.Sequence, retried.Duplicate));
    }

    [Fact]
    public async Task Merge_across_customers_or_of_closed_tickets_is_refused_and_changes_nothing()
    {
        await using var node = await SwitchboardNode.Start();
        await using var desk = await Scenario.AvailableAgent(node, "alice");
        await using var adapter = await AdapterSession.Open(node, "webchat");
        var dana = await AssignedFrom(adapter, desk, "refuse-a", "dana", "first");
        var erin = await AssignedFrom(adapter, desk, "refuse-b", "erin", "second");
        var danaClosed = await AssignedFrom(adapter, desk, "refuse-c", "dana", "third");
        await node.Agents.SolveTicketAsync(new() { AgentId = "alice", TicketId = danaClosed.TicketId });
        await node.Admin.CloseTicketAsync(new() { TicketId = danaClosed.TicketId });
        var ids = new[] { dana.TicketId, erin.TicketId, danaClosed.TicketId };
        var before = await Snapshot(node, ids);

        var otherCustomer = await Refusal.Of(StatusCode.FailedPrecondition, () => Merge(node, erin.TicketId, dana.TicketId));
        Assert.Contains("another customer", otherCustomer.Status.Detail, StringComparison.Ordinal);
        var closedSource = await Refusal.Of(StatusCode.FailedPrecondition, () => Merge(node, danaClosed.TicketId, dana.TicketId));
        Assert.Contains("closed", closedSource.Status.Detail, StringComparison.Ordinal);
        await Refusal.Of(StatusCode.FailedPrecondition, () => Merge(node, dana.TicketId, danaClosed.TicketId));
        var itself = await Refusal.Of(StatusCode.InvalidArgument, () => Merge(node, dana.TicketId, dana.TicketId));
        Assert.Equal("target_ticket_id", Refusal.FieldOf(itself));
        await Refusal.Of(StatusCode.NotFound, () => Merge(node, "t-nosuchticket", dana.TicketId));
        await Refusal.Of(StatusCode.NotFound, () => Merge(node, dana.TicketId, "t-nosuchticket"));

        Assert.Equal(before, await Snapshot(node, ids));
    }

    [Fact]
    public async Task Opposite_merges_of_one_pair_at_the_same_moment_end_with_exactly_one_merge()
    {
        await using var node = await SwitchboardNode.Start();
        await using var desk = await Scenario.AvailableAgent(node, "alice");
        await using var adapter = await AdapterSession.Open(node, "webchat");
        for (var pair = 0; pair < 4; pair++)
        {
            var a = await AssignedFrom(adapter, desk, $"race-{pair}-a", $"cust-{pair}", "first");
            var b = await AssignedFrom(adapter, desk, $"race-{pair}-b", $"cust-{pair}", "second");

            // Two merges in opposite directions, both in flight at once; a deadline well under Orleans' 30 s call
            // timeout, so tickets waiting on each other would show as DEADLINE_EXCEEDED here.
            var deadline = DateTime.UtcNow.AddSeconds(10);
            var outcomes = await Task.WhenAll(
                Outcome(node.Agents.MergeTicketsAsync(new() { AgentId = "alice", SourceTicketId = a.TicketId, TargetTicketId = b.TicketId }, deadline: deadline).ResponseAsync),
                Outcome(node.Agents.MergeTicketsAsync(new() { AgentId = "alice", SourceTicketId = b.TicketId, TargetTicketId = a.TicketId }, deadline: deadline).ResponseAsync));

            Assert.Equal([StatusCode.OK, StatusCode.FailedPrecondition], outcomes.Order());
            var (source, target) = outcomes[0] == StatusCode.OK ? (a.TicketId, b.TicketId) : (b.TicketId, a.TicketId);
            var closed = await Scenario.Ticket(node, source);
            Assert.Equal((TicketStatus.Closed, target), (closed.Status, closed.MergedIntoTicketId));
            var kept = await Scenario.Ticket(node, target);
            Assert.Equal((TicketStatus.Open, ""), (kept.Status, kept.MergedIntoTicketId));
            Assert.Equal([source], kept.MergedFromTicketIds);
            // Frees alice's seat for the next pair.
            await node.Agents.SolveTicketAsync(new() { AgentId = "alice", TicketId = target });
        }
    }

    private static async Task<StatusCode> Outcome(Task call)
    {
        try
        {
            await call;
            return StatusCode.OK;
        }
        catch (RpcException e)
        {
            return e.StatusCode;
        }
    }

    private static Task Merge(SwitchboardNode node, string sourceTicketId, string targetTicketId) =>
        node.Agents.MergeTicketsAsync(new() { AgentId = "alice", SourceTicketId = sourceTicketId, TargetTicketId = targetTicketId }).ResponseAsync;

    /// <summary>Each ticket as GetTicket shows it, with its audit trail: equal before and after means nothing changed.</summary>
    private static async Task<List<string>> Snapshot(SwitchboardNode node, IEnumerable<string> ticketIds)
    {
        var all = new List<string>();
        foreach (var ticketId in ticketIds)
        {
            var ticket = await Scenario.Ticket(node, ticketId);
            ticket.SlaTargets.Clear();
            all.Add(ticket.ToString());
            all.AddRange((await TicketHistoryTests.AllEvents(node, ticketId)).Select(e => e.ToString()));
        }
        return all;
    }

    private static async Task<InboundAck> AssignedFrom(AdapterSession adapter, DeskSession desk, string conversationId, string sender, string body)
    {
        var ack = await adapter.SendAcked(AdapterSession.Message(conversationId, $"{conversationId}-1", body, sender: sender));
        await desk.Inbox.Next(e => e.EventCase == StreamDeskResponse.EventOneofCase.TicketAssigned && e.TicketAssigned.Ticket.TicketId == ack.TicketId);
        return ack;
    }
}
