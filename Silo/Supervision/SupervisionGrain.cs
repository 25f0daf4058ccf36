using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Switchboard.Contracts;
using Switchboard.Contracts.Agents;
using Switchboard.Contracts.Routing;
using Switchboard.Contracts.Supervision;

namespace Switchboard.Silo.Supervision;

/// <summary>
/// A tenant's live floor. Queues and agents report one-way whenever their figures change; this grain merges
/// the changes and publishes them to each subscribed gateway process at most every
/// <see cref="SupervisionOptions.PublishInterval"/>, so the work per change is the same for one viewer or
/// thousands. The agent roster and the trend chart's hour of samples are durable; the figures come back by asking
/// queues and agents.
/// </summary>
public sealed class SupervisionGrain(
    [PersistentState("supervision", "switchboard")] IPersistentState<SupervisionState> state,
    TimeProvider clock,
    IOptions<SupervisionOptions> options,
    ILogger<SupervisionGrain> logger) : Grain, ISupervisionGrain
{
    private readonly FloorBoard _board = new();
    private readonly Dictionary<IFloorObserver, DateTimeOffset> _subscribers = [];
    private readonly SupervisionOptions _options = options.Value;
    private string _tenant = "";
    private DateTimeOffset? _lastPublished;
    private DateTimeOffset? _historySavedAt;
    private bool _historyUnsaved;
    private IGrainTimer? _publishTimer;
    private IGrainTimer? _sampleTimer;
    private IGrainTimer? _rosterSave;
    private bool _rosterUnsaved;

    /// <summary>
    /// How long new agents wait to be written to the roster, together. A shift signing in (thousands of agents in a
    /// minute) was one write of the whole growing roster per agent. An agent missing from the roster after a crash is
    /// only missing from a fresh activation's first request for figures: it shows again with its next change.
    /// </summary>
    private static readonly TimeSpan RosterSaveDelay = TimeSpan.FromMilliseconds(250);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _tenant = this.GetPrimaryKeyString();
        _board.RestoreHistory(state.State.History, clock.GetUtcNow());
        if (state.State.AbandonedOn == Today())
        {
            foreach (var (queueId, count) in state.State.AbandonedToday)
            {
                _board.SetAbandoned(queueId, count);
            }
        }
        foreach (var queue in await GrainFactory.GetGrain<ITenantRoutingGrain>(_tenant).ListQueues())
        {
            await GrainFactory.GetGrain<IQueueGrain>(GrainKey.For(_tenant, queue.QueueId)).RefreshFigures();
        }
        foreach (var agentId in state.State.AgentIds)
        {
            await GrainFactory.GetGrain<IAgentGrain>(GrainKey.For(_tenant, agentId)).RefreshFigures();
        }
    }

    Task ISupervisionGrain.QueueChanged(QueueFigures figures)
    {
        _board.SetQueue(figures);
        SchedulePublish();
        return Task.CompletedTask;
    }

    Task ISupervisionGrain.AgentChanged(AgentFigures figures)
    {
        if (state.State.AgentIds.Add(figures.AgentId))
        {
            _rosterUnsaved = true;
            _rosterSave ??= this.RegisterGrainTimer(SaveRoster, new GrainTimerCreationOptions(RosterSaveDelay, Timeout.InfiniteTimeSpan) { KeepAlive = true });
        }
        _board.SetAgent(figures);
        SchedulePublish();
        return Task.CompletedTask;
    }

    private async Task SaveRoster(CancellationToken cancellationToken)
    {
        _rosterSave?.Dispose();
        _rosterSave = null;
        if (_rosterUnsaved)
        {
            _rosterUnsaved = false;
            await state.WriteStateAsync(cancellationToken);
        }
    }

    async Task ISupervisionGrain.TicketAbandoned(string queueId)
    {
        var today = Today();
        if (state.State.AbandonedOn != today)
        {
            foreach (var queue in state.State.AbandonedToday.Keys)
            {
                _board.SetAbandoned(queue, 0);
            }
            state.State.AbandonedOn = today;
            state.State.AbandonedToday.Clear();
        }
        var count = state.State.AbandonedToday[queueId] = state.State.AbandonedToday.GetValueOrDefault(queueId) + 1;
        await state.WriteStateAsync();
        _board.SetAbandoned(queueId, count);
        SchedulePublish();
    }

    private DateOnly Today() => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    Task<FloorUpdate> ISupervisionGrain.Subscribe(IFloorObserver observer)
    {
        if (!_subscribers.ContainsKey(observer))
        {
            logger.LogInformation("A gateway subscribed to the floor of {Tenant}", _tenant);
        }
        _subscribers[observer] = clock.GetUtcNow();
        // Once watched, the trend chart keeps its hour of samples for the next viewer too.
        _sampleTimer ??= this.RegisterGrainTimer(Sample, new GrainTimerCreationOptions(TimeSpan.Zero, _options.SampleInterval) { KeepAlive = true });
        return Task.FromResult(_board.Snapshot(clock.GetUtcNow()));
    }

    Task ISupervisionGrain.Unsubscribe(IFloorObserver observer)
    {
        _subscribers.Remove(observer);
        return Task.CompletedTask;
    }

    Task<FloorUpdate> ISupervisionGrain.GetFloor() => Task.FromResult(_board.Snapshot(clock.GetUtcNow()));

    Task<int> ISupervisionGrain.CountSubscribers()
    {
        DropExpiredSubscribers();
        return Task.FromResult(_subscribers.Count);
    }

    private void SchedulePublish()
    {
        if (_publishTimer is not null)
        {
            return;
        }
        var delay = FloorBoard.DelayBeforePublish(_lastPublished, clock.GetUtcNow(), _options.PublishInterval);
        _publishTimer = this.RegisterGrainTimer(Publish, new GrainTimerCreationOptions(delay, Timeout.InfiniteTimeSpan));
    }

    private async Task Publish(CancellationToken cancellationToken)
    {
        _publishTimer?.Dispose();
        _publishTimer = null;
        if (!_board.HasChanges)
        {
            return;
        }
        var now = clock.GetUtcNow();
        var update = _board.TakeDelta(now);
        _lastPublished = now;
        DropExpiredSubscribers();
        foreach (var subscriber in _subscribers.Keys)
        {
            await subscriber.FloorChanged(_tenant, update);
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_historyUnsaved || _rosterUnsaved)
        {
            _rosterUnsaved = false;
            await SaveHistory();
        }
    }

    private async Task Sample(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        _board.Sample(now);
        SchedulePublish();
        _historyUnsaved = true;
        if (_historySavedAt is not { } saved || now - saved >= _options.HistorySaveInterval)
        {
            _historySavedAt = now;
            await SaveHistory();
        }
    }

    private Task SaveHistory()
    {
        state.State.History = [.. _board.History];
        _historyUnsaved = false;
        return state.WriteStateAsync();
    }

    private void DropExpiredSubscribers()
    {
        var cutoff = clock.GetUtcNow() - _options.SubscriptionLifetime;
        foreach (var (subscriber, renewed) in _subscribers.ToArray())
        {
            if (renewed < cutoff)
            {
                _subscribers.Remove(subscriber);
                logger.LogInformation("A gateway's floor subscription for {Tenant} lapsed", _tenant);
            }
        }
    }
}
