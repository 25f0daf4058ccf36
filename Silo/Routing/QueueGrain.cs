using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Switchboard.Contracts;
using Switchboard.Contracts.Agents;
using Switchboard.Contracts.Routing;
using Switchboard.Contracts.Supervision;
using Switchboard.Contracts.Telemetry;
using Switchboard.Contracts.Tickets;
using Switchboard.Silo.Storage;
using Switchboard.Silo.Supervision;

namespace Switchboard.Silo.Routing;

/// <summary>
/// Matches a queue's waiting tickets with its available agents. Holds only soft state: on activation it
/// reloads the waiting tickets from the ticket index and its definition from the tenant's routing, and
/// available agents re-register every <see cref="RoutingOptions.AgentRefreshInterval"/>, which bounds how
/// long routing pauses after the activation is lost. Offers go out one-way; agents answer with
/// <see cref="IQueueGrain.OfferSettled"/>, and an agent choosing among its queues calls
/// <see cref="IQueueGrain.Claim"/>, which answers from the line alone: nothing here waits on a grain that may call back.
/// </summary>
[CollectionAgeLimit(Days = 7)]
public sealed class QueueGrain(
    ITicketLogStore store, TimeProvider clock, IOptions<RoutingOptions> options, IOptions<SupervisionOptions> supervision,
    ILogger<QueueGrain> logger) : Grain, IQueueGrain
{
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);

    /// <summary>The service level's quarter-hour window slides with time alone: recount this often.</summary>
    private static readonly TimeSpan FiguresRecount = TimeSpan.FromSeconds(5);

    /// <summary>How often the line is checked against the store's waiting tickets, bounding how long a lost enqueue waits.</summary>
    private static readonly TimeSpan WaitingReload = TimeSpan.FromSeconds(10);

    /// <summary>Waiting tickets per <see cref="WaitingReload"/> between checks: a longer line is checked less often.</summary>
    private const int ReloadedPerInterval = 5_000;

    /// <summary>
    /// The time between two checks of a line of <paramref name="waiting"/> tickets against the store: 10 s up to 5,000,
    /// 10 s more per 5,000 beyond (140 s for 70,000). A check reads every waiting ticket of the queue, so on a long
    /// backlog a check every 10 s would read it all over again every 10 s; this keeps it to about 500 rows a second.
    /// </summary>
    public static TimeSpan ReloadSpacing(int waiting) => WaitingReload * ReloadTicks(waiting);

    private static int ReloadTicks(int waiting) => Math.Max(1, (waiting + ReloadedPerInterval - 1) / ReloadedPerInterval);

    /// <summary>Ticks of the <see cref="WaitingReload"/> timer left before the next check against the store.</summary>
    private int _ticksToReload;

    /// <summary>
    /// Figures go to the supervision grain at most this often: they change with every offer and answer, and the floor
    /// publishes every 250 ms, so reporting each change would cost a call per event and show nothing more.
    /// </summary>
    private static readonly TimeSpan ReportSpacing = TimeSpan.FromMilliseconds(100);

    private readonly QueueLine _line = new(null, options.Value.PreferredAgentWait);
    private readonly ServiceLevelWindow _served = new();

    private ISupervisionGrain? _supervision;
    private QueueFigures? _reported;
    // Real elapsed time, not the clock: spacing is about message rates, and must hold when a (test or stepped) clock stands still.
    private long? _reportedAt;
    private IGrainTimer? _reportLater;
    private string _tenant = "";
    private string _queueId = "";
    private IGrainTimer? _ticker;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (_tenant, _queueId) = GrainKey.Parse(this.GetPrimaryKeyString());
        _line.Definition = await GrainFactory.GetGrain<ITenantRoutingGrain>(_tenant).GetQueue(_queueId);
        await ReloadWaiting(cancellationToken);
        UpdateTicker();
        this.RegisterGrainTimer(_ => ReportFigures(), new GrainTimerCreationOptions(FiguresRecount, FiguresRecount));
        // Enqueue is one-way: one sent while a silo of the cluster died can be lost. The store knows every waiting ticket.
        _ticksToReload = ReloadTicks(_line.WaitingCount);
        this.RegisterGrainTimer(async cancellation =>
        {
            if (--_ticksToReload <= 0)
            {
                await ReloadWaiting(cancellation);
                _ticksToReload = ReloadTicks(_line.WaitingCount);
            }
            await Match();
        }, new GrainTimerCreationOptions(WaitingReload, WaitingReload));
        await ReportFigures();
    }

    /// <summary>
    /// Makes the line what the store says waits in this queue: tickets missing from it are put in line (those already
    /// there keep their place and offer), and tickets that no longer wait here leave it.
    /// </summary>
    private async Task ReloadWaiting(CancellationToken cancellationToken)
    {
        var waiting = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in await store.ReadWaitingAsync(_tenant, _queueId, cancellationToken))
        {
            if (row.WaitingSince is { } since && row.Assignee is null && Enum.TryParse<ChannelKind>(row.Channel, out var channel))
            {
                waiting.Add(row.TicketId);
                _line.Add(new QueuedTicket(row.TicketId, _queueId, channel, row.CustomerId, row.Preview, since, row.Priority)
                {
                    Language = row.Language,
                    PreferredAgentId = row.PreferredAgentId,
                    TargetAgentId = row.TargetAgentId,
                    // Rows written before the index kept the wait's position name their last one instead.
                    WaitSequence = row.WaitSequence ?? row.LastSequence,
                    SlaDueAt = row.SlaDueAt,
                });
            }
        }
        if (_line.DropAllBut(waiting) is { Count: > 0 } dropped)
        {
            logger.LogWarning("Queue {Tenant}/{QueueId} dropped {Count} tickets that no longer wait here (first {TicketId})",
                _tenant, _queueId, dropped.Count, dropped[0]);
        }
    }

    Task IQueueGrain.Enqueue(QueuedTicket ticket)
    {
        _line.Add(ticket);
        return Match();
    }

    Task IQueueGrain.Remove(string ticketId)
    {
        _line.Remove(ticketId);
        return ReportFigures();
    }

    Task IQueueGrain.AgentReady(AgentCapacity capacity)
    {
        _line.SetAgent(capacity);
        return Match();
    }

    Task IQueueGrain.AgentGone(string agentId)
    {
        _line.RemoveAgent(agentId);
        return Task.CompletedTask;
    }

    Task IQueueGrain.AgentGone(string agentId, Guid incarnation, long version)
    {
        _line.RemoveAgent(agentId, incarnation, version);
        return Task.CompletedTask;
    }

    Task IQueueGrain.OfferSettled(string ticketId, string agentId, OfferOutcome outcome, long waitSequence)
    {
        Settle(ticketId, agentId, outcome, waitSequence);
        return Match();
    }

    Task IQueueGrain.OfferSettled(string ticketId, string agentId, OfferOutcome outcome, long waitSequence, AgentCapacity capacity)
    {
        Settle(ticketId, agentId, outcome, waitSequence);
        _line.SetAgent(capacity);
        return Match();
    }

    private void Settle(string ticketId, string agentId, OfferOutcome outcome, long waitSequence)
    {
        var now = clock.GetUtcNow();
        SwitchboardMetrics.OfferSettled(outcome);
        if (_line.Settle(ticketId, agentId, outcome, now, waitSequence) is { } answered)
        {
            _served.Record(now, now - answered.WaitingSince, ServiceLevelTarget);
        }
    }

    async Task<ClaimedTicket?> IQueueGrain.Claim(AgentCapacity capacity, LineStanding? bar, IReadOnlyList<string> held)
    {
        var now = clock.GetUtcNow();
        var claimed = _line.Claim(capacity, bar, held, now);
        if (claimed is { AlreadyOffered: false })
        {
            SwitchboardMetrics.OfferMade();
            SwitchboardMetrics.OfferRouted(now - claimed.Ticket.WaitingSince);
            await ReportFigures();
        }
        return claimed;
    }

    Task<QueueStatus> IQueueGrain.GetStatus() =>
        Task.FromResult(new QueueStatus(_queueId, _line.Snapshot(clock.GetUtcNow()), _line.AvailableAgentIds()));

    Task<QueuePosition?> IQueueGrain.GetPosition(string ticketId) => Task.FromResult(_line.PositionOf(ticketId, clock.GetUtcNow()));

    Task IQueueGrain.RefreshFigures()
    {
        // The supervision grain lost its copy: send even if nothing changed, and now.
        _reported = null;
        _reportedAt = null;
        return ReportFigures();
    }

    Task IQueueGrain.Reconfigure(QueueDefinition definition)
    {
        _line.Definition = definition;
        return Match();
    }

    private async Task Match()
    {
        var now = clock.GetUtcNow();
        foreach (var (ticket, target) in _line.TakeDueOverflows(now))
        {
            await GrainFactory.GetGrain<ITicketGrain>(GrainKey.For(_tenant, ticket.TicketId)).Overflow(_queueId, target);
        }
        foreach (var offer in _line.NextOffers(now))
        {
            await Agent(offer.AgentId).Offer(offer.Ticket, offer.Standing);
            SwitchboardMetrics.OfferMade();
            SwitchboardMetrics.OfferRouted(now - offer.Ticket.WaitingSince);
        }
        UpdateTicker();
        await ReportFigures();
    }

    private TimeSpan ServiceLevelTarget => _line.Definition.ServiceLevelTarget ?? supervision.Value.ServiceLevelTarget;

    private IAgentGrain Agent(string agentId) => GrainFactory.GetGrain<IAgentGrain>(GrainKey.For(_tenant, agentId));

    /// <summary>
    /// Tells the tenant's supervision grain the queue's figures, when they differ from the last report (one-way), at
    /// most every <see cref="ReportSpacing"/>: a change sooner than that goes out when the spacing is over.
    /// </summary>
    private Task ReportFigures()
    {
        if (_reportedAt is { } reportedAt && Stopwatch.GetElapsedTime(reportedAt) is var since && since < ReportSpacing)
        {
            _reportLater ??= this.RegisterGrainTimer(_ =>
            {
                _reportLater?.Dispose();
                _reportLater = null;
                return ReportFigures();
            }, new GrainTimerCreationOptions(ReportSpacing - since, Timeout.InfiniteTimeSpan));
            return Task.CompletedTask;
        }
        var now = clock.GetUtcNow();
        var (quarter, today) = _served.Figures(now);
        var figures = new QueueFigures(_queueId, _line.WaitingCount, _line.OldestWaitingSince, _line.OffersOutstanding, ServiceLevelTarget, quarter, today);
        if (figures == _reported)
        {
            return Task.CompletedTask;
        }
        _reported = figures;
        _reportedAt = Stopwatch.GetTimestamp();
        return (_supervision ??= GrainFactory.GetGrain<ISupervisionGrain>(_tenant)).QueueChanged(figures);
    }

    /// <summary>Escalations and preferred-agent holds change with time alone: re-match every second while any apply.</summary>
    private void UpdateTicker()
    {
        if (_line.HasTimedRules)
        {
            _ticker ??= this.RegisterGrainTimer(_ => Match(), new GrainTimerCreationOptions(Tick, Tick));
        }
        else
        {
            _ticker?.Dispose();
            _ticker = null;
        }
    }
}
