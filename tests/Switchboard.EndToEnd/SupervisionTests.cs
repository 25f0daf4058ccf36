using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.Contracts.Supervision;
using Switchboard.EndToEnd.Harness;
using Switchboard.V1;

namespace Switchboard.EndToEnd;

/// <summary>The live floor (SupervisorService.Watch) and a supervisor's actions, through the real host over gRPC.</summary>
public sealed class SupervisionTests
{
    private static readonly TimeSpan WithinASecond = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task Watch_starts_with_the_whole_floor_then_shows_a_new_waiting_ticket_within_a_second()
    {
        await using var node = await SwitchboardNode.Start();
        await CreateAgent(node, "ann");
        await using var watch = await WatchSession.Open(node);
        await watch.UntilAgent("ann", a => a.Presence == Presence.Offline);
        await watch.UntilQueue("default", q => q.Waiting == 0);
        await using var adapter = await AdapterSession.Open(node, "webchat");

        var sent = DateTimeOffset.UtcNow;
        await adapter.SendAcked(AdapterSession.Message("c-1", "m-1", "Where is my parcel?"));
        var (queue, arrived) = await watch.UntilQueue("default", q => q.Waiting == 1);

        Assert.True(arrived - sent < WithinASecond, $"the change took {(arrived - sent).TotalMilliseconds} ms to arrive");
        Assert.NotNull(queue.OldestWaitingSince);
        Assert.Equal(1, queue.AgentsOffline);
    }

    [Fact]
    public async Task Accepting_an_offer_empties_the_queue_and_counts_the_answer_and_the_busy_agent()
    {
        await using var node = await SwitchboardNode.Start();
        await using var watch = await WatchSession.Open(node);
        await using var adapter = await AdapterSession.Open(node, "webchat");
        var ack = await adapter.SendAcked(AdapterSession.Message("c-1", "m-1", "Hello"));
        await watch.UntilQueue("default", q => q.Waiting == 1);
        await using var desk = await AvailableAgent(node, "ann");
        await watch.UntilQueue("default", q => q.OffersOutstanding == 1 && q.AgentsAvailable == 1);

        await node.Agents.AcceptOfferAsync(new() { AgentId = "ann", TicketId = ack.TicketId });

        var (queue, _) = await watch.UntilQueue("default", q => q.Waiting == 0 && q.AgentsBusy == 1);
        Assert.Equal(0, queue.OffersOutstanding);
        Assert.Equal(1, queue.LastQuarterHour.Answered);
        Assert.Equal(1, queue.LastQuarterHour.AnsweredWithinTarget);
        Assert.Equal(100, queue.LastQuarterHour.Percent);
        Assert.Equal(1, queue.Today.Answered);
        var agent = await watch.UntilAgent("ann", a => a.Load.Any(l => l.Channel == Channel.Chat && l.Tickets == 1));
        Assert.Equal(3, agent.Load.Single(l => l.Channel == Channel.Chat).Capacity);

        await node.Agents.SolveTicketAsync(new() { AgentId = "ann", TicketId = ack.TicketId });
        await watch.UntilAgent("ann", a => a.HandledToday == 1 && a.Load.All(l => l.Tickets == 0));
    }

    [Fact]
    public async Task Viewers_of_one_tenant_never_see_another_tenants_floor()
    {
        await using var node = await SwitchboardNode.Start();
        var acmeCalls = new TenantClients(node, "acme");
        var globexCalls = new TenantClients(node, "globex");
        await acmeCalls.EnsureCreated();
        await globexCalls.EnsureCreated();
        await using var acme = await WatchSession.Open(acmeCalls.Supervisor);
        await using var globex = await WatchSession.Open(globexCalls.Supervisor);

        await globexCalls.Admin.UpsertAgentAsync(new() { Agent = new AgentProfile { AgentId = "g-agent" } });
        await globexCalls.Channels.SubmitInboundAsync(
            new() { AdapterId = "webchat", Message = AdapterSession.Message("g-1", "g-1", "Hi from globex") });

        await globex.UntilAgent("g-agent", _ => true);
        await globex.UntilQueue("default", q => q.Waiting == 1);
        Assert.True(await acme.Inbox.NothingWithin(f => f.Frame.Agents.Count > 0 || f.Frame.Queues.Any(q => q.Waiting > 0), TimeSpan.FromSeconds(1.5)));
    }

    [Fact]
    public async Task A_reconnecting_viewer_starts_again_with_the_whole_floor()
    {
        await using var node = await SwitchboardNode.Start();
        var first = await WatchSession.Open(node);
        await node.Channels.SubmitInboundAsync(new() { AdapterId = "webchat", Message = AdapterSession.Message("c-1", "m-1", "Hi") });
        await first.UntilQueue("default", q => q.Waiting == 1);
        await first.DisposeAsync();
        await Eventually.Until(async () =>
            await node.Services.GetRequiredService<IGrainFactory>().GetGrain<ISupervisionGrain>("demo").CountSubscribers() == 0,
            because: "the last viewer leaving unsubscribes the process");

        await using var again = await WatchSession.Open(node);

        Assert.True(again.Snapshot.Snapshot);
        Assert.Equal(1, again.Snapshot.Queues.Single(q => q.QueueId == "default").Waiting);
    }

    [Fact]
    public async Task Many_viewers_in_one_process_share_one_subscription_and_a_scoped_viewer_sees_only_its_queue()
    {
        await using var node = await SwitchboardNode.Start();
        await node.Admin.UpsertQueueAsync(new() { Queue = new QueueConfig { QueueId = "billing" } });
        await node.Admin.SetRoutingRulesAsync(new() { Rules = { new RoutingRule { Channel = Channel.Email, QueueId = "billing" } } });
        await using var all = await WatchSession.Open(node);
        await using var billing = await WatchSession.Open(node, queueId: "billing");
        await using var third = await WatchSession.Open(node);

        var subscribers = await node.Services.GetRequiredService<IGrainFactory>().GetGrain<ISupervisionGrain>("demo").CountSubscribers();
        Assert.Equal(1, subscribers);

        await node.Channels.SubmitInboundAsync(new() { AdapterId = "webchat", Message = AdapterSession.Message("c-1", "m-1", "chat") });
        await node.Channels.SubmitInboundAsync(new() { AdapterId = "mail", Message = AdapterSession.Message("e-1", "e-1", "mail", "a@example.com", Channel.Email) });
        await all.UntilQueue("default", q => q.Waiting == 1);
        await all.UntilQueue("billing", q => q.Waiting == 1);
        await billing.UntilQueue("billing", q => q.Waiting == 1);
        Assert.All(billing.Inbox.Seen, f => Assert.All(f.Frame.Queues, q => Assert.Equal("billing", q.QueueId)));
    }

    [Fact]
    public async Task Deltas_come_at_most_every_quarter_second_however_fast_the_floor_changes()
    {
        await using var node = await SwitchboardNode.Start();
        await using var watch = await WatchSession.Open(node);
        await using var adapter = await AdapterSession.Open(node, "webchat");

        // A change every 30 ms or so, for more than half a second: faster than a quarter second, and long enough that
        // the burst needs more than one publication however fast the node stores each message.
        for (var i = 0; i < 20; i++)
        {
            await adapter.SendAcked(AdapterSession.Message($"c-{i}", $"m-{i}", "burst", sender: $"s-{i}"));
            await Task.Delay(30);
        }
        await watch.UntilQueue("default", q => q.Waiting == 20);

        var deltas = watch.Inbox.Seen.Where(f => !f.Frame.Snapshot).Select(f => f.Frame.AsOf.ToDateTimeOffset()).ToList();
        Assert.True(deltas.Count >= 2, "the burst should take several publications");
        // The publication waits out the rest of the quarter second on a timer, and timers here tick on the kernel's coarse
        // monotonic clock (a few milliseconds a tick), so one may fire a few milliseconds early by the wall clock the frames are
        // stamped with: CI saw 244.3 ms. What matters is a quarter second, not the 30 ms the floor changes at.
        for (var i = 1; i < deltas.Count; i++)
        {
            Assert.True(deltas[i] - deltas[i - 1] >= TimeSpan.FromMilliseconds(235), $"deltas {i - 1} and {i} were {(deltas[i] - deltas[i - 1]).TotalMilliseconds} ms apart");
        }
    }

    [Fact]
    public async Task Supervisor_forces_an_agents_presence_and_the_desk_and_floor_are_told()
    {
        await using var node = await SwitchboardNode.Start();
        await using var desk = await AvailableAgent(node, "ann");
        await using var watch = await WatchSession.Open(node);

        var response = await node.Supervisor.SetAgentPresenceAsync(new() { AgentId = "ann", Presence = Presence.Away });

        Assert.Equal(Presence.Away, response.Presence);
        var changed = await desk.Inbox.Next(e => e.EventCase == StreamDeskResponse.EventOneofCase.PresenceChanged && e.PresenceChanged.Presence == Presence.Away);
        Assert.Equal("set by a supervisor", changed.PresenceChanged.Reason);
        await watch.UntilAgent("ann", a => a.Presence == Presence.Away);
    }

    [Fact]
    public async Task Supervisor_reassigns_an_assigned_ticket_to_another_agent()
    {
        await using var node = await SwitchboardNode.Start();
        await using var ann = await AvailableAgent(node, "ann", autoAccept: true);
        await using var adapter = await AdapterSession.Open(node, "webchat");
        var ack = await adapter.SendAcked(AdapterSession.Message("c-1", "m-1", "Hi"));
        await ann.NextAssigned();
        await using var bob = await AvailableAgent(node, "bob");

        await node.Supervisor.ReassignTicketAsync(new() { TicketId = ack.TicketId, TargetAgentId = "bob" });

        Assert.Equal(ack.TicketId, (await bob.NextOffer()).TicketId);
        var released = await ann.Inbox.Next(e => e.EventCase == StreamDeskResponse.EventOneofCase.TicketReleased);
        Assert.Equal(ack.TicketId, released.TicketReleased.TicketId);
    }

    [Fact]
    public async Task Reassigning_a_waiting_ticket_is_refused_and_changes_nothing()
    {
        await using var node = await SwitchboardNode.Start();
        var ack = (await node.Channels.SubmitInboundAsync(new() { AdapterId = "webchat", Message = AdapterSession.Message("c-1", "m-1", "Hi") })).Ack;

        var error = await Assert.ThrowsAsync<RpcException>(() => node.Supervisor.ReassignTicketAsync(new() { TicketId = ack.TicketId, TargetQueueId = "default" }).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.True((await node.Channels.GetQueuePositionAsync(new() { TicketId = ack.TicketId })).Waiting);
    }

    [Fact]
    public async Task Raising_a_waiting_tickets_priority_puts_it_first_in_line()
    {
        await using var node = await SwitchboardNode.Start();
        await using var adapter = await AdapterSession.Open(node, "webchat");
        var older = await adapter.SendAcked(AdapterSession.Message("c-1", "m-1", "first", sender: "s1"));
        var newer = await adapter.SendAcked(AdapterSession.Message("c-2", "m-2", "second", sender: "s2"));

        await node.Supervisor.SetTicketPriorityAsync(new() { TicketId = newer.TicketId, Priority = 5 });

        Assert.Equal(1, (await node.Channels.GetQueuePositionAsync(new() { TicketId = newer.TicketId })).Position);
        Assert.Equal(2, (await node.Channels.GetQueuePositionAsync(new() { TicketId = older.TicketId })).Position);
        await using var desk = await AvailableAgent(node, "ann");
        Assert.Equal(newer.TicketId, (await desk.NextOffer()).TicketId);
    }

    [Fact]
    public async Task Priority_out_of_range_or_on_an_assigned_ticket_is_refused()
    {
        await using var node = await SwitchboardNode.Start();
        await using var ann = await AvailableAgent(node, "ann", autoAccept: true);
        var ack = (await node.Channels.SubmitInboundAsync(new() { AdapterId = "webchat", Message = AdapterSession.Message("c-1", "m-1", "Hi") })).Ack;
        await ann.NextAssigned();

        var invalid = await Assert.ThrowsAsync<RpcException>(() => node.Supervisor.SetTicketPriorityAsync(new() { TicketId = ack.TicketId, Priority = 101 }).ResponseAsync);
        var assigned = await Assert.ThrowsAsync<RpcException>(() => node.Supervisor.SetTicketPriorityAsync(new() { TicketId = ack.TicketId, Priority = 3 }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, invalid.StatusCode);
        Assert.Equal(StatusCode.FailedPrecondition, assigned.StatusCode);
    }

    private static Task CreateAgent(SwitchboardNode node, string id, bool autoAccept = false) =>
        node.Admin.UpsertAgentAsync(new() { Agent = new AgentProfile { AgentId = id, DisplayName = id, AutoAccept = autoAccept } }).ResponseAsync;

    private static async Task<DeskSession> AvailableAgent(SwitchboardNode node, string id, bool autoAccept = false)
    {
        await CreateAgent(node, id, autoAccept);
        var desk = await DeskSession.Open(node, id);
        await node.Agents.SetPresenceAsync(new() { AgentId = id, Presence = Presence.Available });
        return desk;
    }
}
