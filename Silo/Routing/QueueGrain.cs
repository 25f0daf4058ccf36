using Microsoft.Extensions.Options;
using Switchboard.Contracts;
using Switchboard.Contracts.Agents;
using Switchboard.Contracts.Routing;
using Switchboard.Contracts.Tickets;
using Switchboard.Silo.Storage;

namespace Switchboard.Silo.Routing;

/// <summary>
/// Matches a queue's waiting tickets with its available agents. Holds only soft state: on activation it
/// reloads the waiting tickets from the ticket index and its definition from the tenant's routing, and
/// available agents re-register every <see cref="RoutingOptions.AgentRefreshInterval"/>, which bounds how
/// long routing pauses after the activation is lost. Offers go out one-way; agents answer with
/// <see cref="IQueueGrain.OfferSettled"/>, so nothing here waits on a grain that may call back.
/// </summary>
[CollectionAgeLimit(Days = 7)]
public sealed class QueueGrain(ITicketLogStore store, TimeProvider clock, IOptions<RoutingOptions> options) : Grain, IQueueGrain
{
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);

    private readonly QueueLine _line = new(null, options.Value.PreferredAgentWait);
    private string _tenant = "";
    private string _queueId = "";
    private IGrainTimer? _ticker;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (_tenant, _queueId) = GrainKey.Parse(this.GetPrimaryKeyString());
        _line.Definition = await GrainFactory.GetGrain<ITenantRoutingGrain>(_tenant).GetQueue(_queueId);
        foreach (var row in await store.ReadWaitingAsync(_tenant, _queueId, cancellationToken))
        {
            if (row.WaitingSince is { } since && row.Assignee is null && Enum.TryParse<ChannelKind>(row.Channel, out var channel))
            {
                _line.Add(new QueuedTicket(row.TicketId, _queueId, channel, row.CustomerId, row.Preview, since, row.Priority)
                {
                    Language = row.Language,
                    PreferredAgentId = row.PreferredAgentId,
                    TargetAgentId = row.TargetAgentId,
                    WaitSequence = row.LastSequence,
                });
            }
        }
        UpdateTicker();
    }

    Task IQueueGrain.Enqueue(QueuedTicket ticket)
    {
        _line.Add(ticket);
        return Match();
    }

    Task IQueueGrain.Remove(string ticketId)
    {
        _line.Remove(ticketId);
        return Task.CompletedTask;
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

    Task IQueueGrain.OfferSettled(string ticketId, string agentId, OfferOutcome outcome, long waitSequence)
    {
        _line.Settle(ticketId, agentId, outcome, clock.GetUtcNow(), waitSequence);
        return Match();
    }

    Task<QueueStatus> IQueueGrain.GetStatus() =>
        Task.FromResult(new QueueStatus(_queueId, _line.Snapshot(clock.GetUtcNow()), _line.AvailableAgentIds()));

    Task<QueuePosition?> IQueueGrain.GetPosition(string ticketId) => Task.FromResult(_line.PositionOf(ticketId, clock.GetUtcNow()));

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
        foreach (var (ticket, agentId) in _line.NextOffers(now))
        {
            await GrainFactory.GetGrain<IAgentGrain>(GrainKey.For(_tenant, agentId)).Offer(ticket);
        }
        UpdateTicker();
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
