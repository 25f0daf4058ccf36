using Switchboard.Contracts;
using Switchboard.Contracts.Agents;
using Switchboard.Contracts.Routing;
using Switchboard.Contracts.Tickets;
using Switchboard.Silo.Storage;

namespace Switchboard.Silo.Routing;

/// <summary>
/// Matches a queue's waiting tickets with its available agents. Holds only soft state: on activation it
/// reloads the waiting tickets from the ticket index, and available agents re-register periodically.
/// Offers go out one-way; agents answer with <see cref="IQueueGrain.OfferSettled"/>, so nothing here
/// waits on a grain that may call back.
/// </summary>
[CollectionAgeLimit(Days = 7)]
public sealed class QueueGrain(ITicketLogStore store) : Grain, IQueueGrain
{
    private readonly QueueLine _line = new();
    private string _tenant = "";
    private string _queueId = "";

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (_tenant, _queueId) = GrainKey.Parse(this.GetPrimaryKeyString());
        foreach (var row in await store.ReadWaitingAsync(_tenant, _queueId, cancellationToken))
        {
            if (row.WaitingSince is { } since && row.Assignee is null && Enum.TryParse<ChannelKind>(row.Channel, out var channel))
            {
                _line.Add(new QueuedTicket(row.TicketId, _queueId, channel, row.CustomerId, row.Preview, since, row.Priority));
            }
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

    Task IQueueGrain.OfferSettled(string ticketId, string agentId, OfferOutcome outcome)
    {
        _line.Settle(ticketId, agentId, outcome);
        return Match();
    }

    Task<QueueStatus> IQueueGrain.GetStatus() =>
        Task.FromResult(new QueueStatus(_queueId, _line.Snapshot(), _line.AvailableAgentIds()));

    private async Task Match()
    {
        foreach (var (ticket, agentId) in _line.NextOffers())
        {
            await GrainFactory.GetGrain<IAgentGrain>(GrainKey.For(_tenant, agentId)).Offer(ticket);
        }
    }
}
