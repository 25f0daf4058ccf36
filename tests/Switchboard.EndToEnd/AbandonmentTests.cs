using System.Text.Json;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.EndToEnd.Harness;
using Switchboard.Silo.Storage;
using Switchboard.V1;

namespace Switchboard.EndToEnd;

/// <summary>A customer who leaves before any agent took the ticket: the ticket is abandoned and leaves its queue.</summary>
public sealed class AbandonmentTests
{
    [Fact]
    public async Task Customer_leaving_a_waiting_ticket_abandons_it_and_it_leaves_the_queue()
    {
        await using var node = await SwitchboardNode.Start();
        await Scenario.OfflineAgent(node, "bob");
        await using var adapter = await AdapterSession.Open(node, "webchat");
        await using var watch = await WatchSession.Open(node);
        var ack = await adapter.SendAcked(AdapterSession.Message("gone-1", "gone-1-1", "Hello? Anyone?"));
        Assert.True((await node.Channels.GetQueuePositionAsync(new() { TicketId = ack.TicketId })).Waiting);

        var ended = await node.Channels.EndConversationAsync(new() { AdapterId = "webchat", ConversationId = "gone-1" });
        var again = await node.Channels.EndConversationAsync(new() { AdapterId = "webchat", ConversationId = "gone-1" });

        Assert.Equal((ack.TicketId, true), (ended.TicketId, ended.Abandoned));
        Assert.Equal((ack.TicketId, true), (again.TicketId, again.Abandoned));
        Assert.Equal(TicketStatus.Closed, (await Scenario.Ticket(node, ack.TicketId)).Status);
        Assert.False((await node.Channels.GetQueuePositionAsync(new() { TicketId = ack.TicketId })).Waiting);
        Assert.Empty((await node.Supervisor.GetQueueStatusAsync(new() { QueueId = "default" })).Waiting);
        var (figures, _) = await watch.UntilQueue("default", q => q.AbandonedToday > 0);
        Assert.Equal(1, figures.AbandonedToday);
        var events = await TicketHistoryTests.AllEvents(node, ack.TicketId);
        Assert.Equal(["abandoned", "closed"], events.TakeLast(2).Select(e => e.Kind));
        Assert.Single(events, e => e.Kind == "abandoned");
        var stored = (await node.Services.GetRequiredService<ITicketLogStore>().ReadAsync("demo", ack.TicketId)).Single(e => e.Kind == "abandoned");
        using var payload = JsonDocument.Parse(stored.Payload);
        Assert.Equal("default", payload.RootElement.GetProperty("queueId").GetString());

        // Coming back later opens a follow-up, as after any close.
        var back = await adapter.SendAcked(AdapterSession.Message("gone-1", "gone-1-2", "Still there?"));
        Assert.Equal(ack.TicketId, (await Scenario.Ticket(node, back.TicketId)).FollowUpOfTicketId);
    }

    [Fact]
    public async Task Abandonment_counts_for_its_queue_in_the_report()
    {
        await using var node = await SwitchboardNode.Start();
        var reports = new ReportService.ReportServiceClient(node.WithApiKey(SwitchboardNode.AdminKey));
        var start = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddMinutes(-1));
        await Scenario.OfflineAgent(node, "bob");
        await using var adapter = await AdapterSession.Open(node, "webchat");
        await adapter.SendAcked(AdapterSession.Message("gone-r", "gone-r-1", "Hello?"));
        await node.Channels.EndConversationAsync(new() { AdapterId = "webchat", ConversationId = "gone-r" });

        var byQueue = await reports.GetReportAsync(new()
        {
            StartTime = start, EndTime = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddMinutes(1)), GroupBy = ReportGrouping.Queue,
        });

        Assert.Equal((1L, 1L), (byQueue.Rows.Single(r => r.Key == "default").TicketsAbandoned, byQueue.Total.TicketsAbandoned));
    }

    [Fact]
    public async Task Customer_leaving_a_ticket_an_agent_has_or_had_abandons_nothing()
    {
        await using var node = await SwitchboardNode.Start();
        await using var desk = await Scenario.AvailableAgent(node, "alice");
        await using var adapter = await AdapterSession.Open(node, "webchat");
        var held = await Scenario.AssignedTicket(adapter, desk, "stay-1");
        var transferred = await Scenario.AssignedTicket(adapter, desk, "stay-2");
        await Scenario.OfflineAgent(node, "bob");
        await node.Agents.TransferTicketAsync(new() { AgentId = "alice", TicketId = transferred.TicketId, TargetAgentId = "bob" });
        var before = (await Scenario.Ticket(node, held.TicketId), await Scenario.Ticket(node, transferred.TicketId));

        var first = await node.Channels.EndConversationAsync(new() { AdapterId = "webchat", ConversationId = "stay-1" });
        var second = await node.Channels.EndConversationAsync(new() { AdapterId = "webchat", ConversationId = "stay-2" });
        await Refusal.Of(StatusCode.NotFound, () => node.Channels.EndConversationAsync(new() { AdapterId = "webchat", ConversationId = "never" }).ResponseAsync);

        Assert.Equal((held.TicketId, false), (first.TicketId, first.Abandoned));
        Assert.Equal((transferred.TicketId, false), (second.TicketId, second.Abandoned));
        Assert.Equal(before, (await Scenario.Ticket(node, held.TicketId), await Scenario.Ticket(node, transferred.TicketId)));
        Assert.True((await node.Channels.GetQueuePositionAsync(new() { TicketId = transferred.TicketId })).Waiting);
    }
}
