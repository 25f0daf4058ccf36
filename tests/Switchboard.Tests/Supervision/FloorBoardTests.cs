using Switchboard.Contracts.Agents;
using Switchboard.Contracts.Supervision;
using Switchboard.Contracts.Tickets;
using Switchboard.Silo.Supervision;

namespace Switchboard.Tests.Supervision;

public sealed class FloorBoardTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_delta_carries_only_what_changed_since_the_last_one()
    {
        var board = new FloorBoard();
        board.SetQueue(Queue("billing", waiting: 2));
        board.SetQueue(Queue("sales", waiting: 0));
        board.TakeDelta(Now);

        board.SetQueue(Queue("billing", waiting: 3));
        board.SetQueue(Queue("sales", waiting: 0));
        var delta = board.TakeDelta(Now);

        Assert.Equal(2, delta.Version);
        Assert.False(delta.IsSnapshot);
        Assert.Equal(["billing"], delta.Queues.Select(q => q.Figures.QueueId));
        Assert.Equal(3, delta.Queues[0].Figures.Waiting);
        Assert.False(board.HasChanges);
    }

    [Fact]
    public void Agents_are_counted_per_queue_as_available_busy_away_or_offline()
    {
        var board = new FloorBoard();
        board.SetQueue(Queue("billing", waiting: 0));
        board.SetAgent(Agent("idle", Presence.Available, tickets: 0, "billing"));
        board.SetAgent(Agent("working", Presence.Available, tickets: 2, "billing"));
        board.SetAgent(Agent("lunch", Presence.Away, tickets: 0, "billing"));
        board.SetAgent(Agent("home", Presence.Offline, tickets: 0, "billing"));
        board.SetAgent(Agent("elsewhere", Presence.Available, tickets: 0, "sales"));

        var snapshot = board.Snapshot(Now);

        Assert.True(snapshot.IsSnapshot);
        Assert.Equal(new AgentCounts(Available: 1, Busy: 1, Away: 1, Offline: 1), snapshot.Queues.Single().Agents);
        Assert.Equal(5, snapshot.Agents.Count);
    }

    [Fact]
    public void An_agent_leaving_a_queue_changes_that_queues_counts_in_the_next_delta()
    {
        var board = new FloorBoard();
        board.SetQueue(Queue("billing", waiting: 0));
        board.SetQueue(Queue("sales", waiting: 0));
        board.SetAgent(Agent("ann", Presence.Available, tickets: 0, "billing"));
        board.TakeDelta(Now);

        board.SetAgent(Agent("ann", Presence.Available, tickets: 0, "sales"));
        var delta = board.TakeDelta(Now);

        Assert.Equal(["billing", "sales"], delta.Queues.Select(q => q.Figures.QueueId));
        Assert.Equal(0, delta.Queues[0].Agents.Available);
        Assert.Equal(1, delta.Queues[1].Agents.Available);
    }

    [Fact]
    public void Samples_keep_one_hour_of_waiting_and_service_level()
    {
        var board = new FloorBoard();
        board.SetQueue(Queue("billing", waiting: 4) with { LastQuarterHour = new ServiceLevel(4, 3, TimeSpan.FromSeconds(100)) });
        board.Sample(Now.AddMinutes(-70));
        board.Sample(Now.AddMinutes(-30));
        board.Sample(Now);

        var snapshot = board.Snapshot(Now);

        Assert.Equal([Now.AddMinutes(-30), Now], snapshot.History.Select(s => s.At));
        Assert.Equal(4, snapshot.History[^1].Waiting);
        Assert.Equal(75.0, snapshot.History[^1].ServiceLevelPercent);
    }

    [Fact]
    public void Restored_samples_keep_only_the_last_hour_in_time_order_and_new_samples_follow_them()
    {
        var board = new FloorBoard();
        board.RestoreHistory(
        [
            new FloorSample(Now.AddMinutes(-10), 2, 50.0),
            new FloorSample(Now.AddMinutes(-61), 9, null),
            new FloorSample(Now.AddMinutes(-40), 1, null),
        ], Now);
        board.Sample(Now.AddMinutes(1));

        Assert.Equal([Now.AddMinutes(-40), Now.AddMinutes(-10), Now.AddMinutes(1)], board.Snapshot(Now.AddMinutes(1)).History.Select(s => s.At));
        Assert.Equal([1, 2, 0], board.History.Select(s => s.Waiting));
    }

    [Theory]
    [InlineData(null, 0, 0)]
    [InlineData(-100, 0, 150)]
    [InlineData(-300, 0, 0)]
    public void Publications_stay_a_quarter_second_apart(int? lastPublishedMsAgo, int nowMs, int expectedDelayMs)
    {
        DateTimeOffset? last = lastPublishedMsAgo is { } ago ? Now.AddMilliseconds(ago) : null;

        var delay = FloorBoard.DelayBeforePublish(last, Now.AddMilliseconds(nowMs), TimeSpan.FromMilliseconds(250));

        Assert.Equal(TimeSpan.FromMilliseconds(expectedDelayMs), delay);
    }

    [Fact]
    public void Abandonment_count_changes_its_queue_and_is_kept_for_a_queue_not_yet_reported()
    {
        var board = new FloorBoard();
        board.SetQueue(Queue("billing", waiting: 1));
        board.SetAbandoned("sales", 2);
        board.TakeDelta(Now);

        board.SetAbandoned("billing", 1);
        board.SetAbandoned("billing", 1);
        var delta = board.TakeDelta(Now);
        board.SetQueue(Queue("sales", waiting: 0));

        Assert.Equal([("billing", 1)], delta.Queues.Select(q => (q.Figures.QueueId, q.AbandonedToday)));
        Assert.Equal([("billing", 1), ("sales", 2)], board.Snapshot(Now).Queues.Select(q => (q.Figures.QueueId, q.AbandonedToday)));
    }

    private static QueueFigures Queue(string queueId, int waiting) =>
        QueueFigures.Empty(queueId, TimeSpan.FromSeconds(60)) with { Waiting = waiting, OldestWaitingSince = waiting > 0 ? Now : null };

    private static AgentFigures Agent(string agentId, Presence presence, int tickets, params string[] queues) =>
        new(agentId, agentId, presence, Now, [new ChannelLoad(ChannelKind.Chat, tickets, 3)], 0, 0, queues);
}
