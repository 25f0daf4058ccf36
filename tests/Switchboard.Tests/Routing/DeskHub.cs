using System.Collections.Concurrent;
using Switchboard.Contracts.Agents;
using Switchboard.Contracts.Channels;
using Switchboard.Contracts.Gateway;

namespace Switchboard.Tests.Routing;

/// <summary>
/// Stands in for a gateway process's hub: desks attach to it, it counts what grains push, and it keeps the
/// offers and assignments desks were shown so the schedule can answer them as a person at the desk would.
/// </summary>
public sealed class DeskHub : IGatewayHub
{
    private const int RecentEvents = 2000;

    private readonly ConcurrentDictionary<string, string> _agentByConnection = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(string AgentId, string TicketId)> _offers = new();
    private readonly ConcurrentQueue<(string AgentId, string TicketId)> _assignments = new();
    private int _deskEvents;

    public int DeskEvents => Volatile.Read(ref _deskEvents);

    /// <summary>A desk for the agent is about to attach with this connection id.</summary>
    public void Open(string connectionId, string agentId) => _agentByConnection[connectionId] = agentId;

    /// <summary>The oldest offer shown on a desk and not yet taken by the schedule.</summary>
    public bool TryTakeOffer(out (string AgentId, string TicketId) offer) => _offers.TryDequeue(out offer);

    /// <summary>The oldest assignment shown on a desk and not yet taken by the schedule.</summary>
    public bool TryTakeAssignment(out (string AgentId, string TicketId) assignment) => _assignments.TryDequeue(out assignment);

    public Task DeliverToDesk(string connectionId, DeskEvent deskEvent)
    {
        Interlocked.Increment(ref _deskEvents);
        if (_agentByConnection.TryGetValue(connectionId, out var agentId))
        {
            switch (deskEvent)
            {
                case OfferMade made:
                    Keep(_offers, (agentId, made.Offer.TicketId));
                    break;
                case TicketAssigned assigned:
                    Keep(_assignments, (agentId, assigned.Ticket.TicketId));
                    break;
                default:
                    break;
            }
        }
        return Task.CompletedTask;
    }

    public Task DeliverToAdapter(string connectionId, OutboundDelivery delivery) => Task.CompletedTask;

    private static void Keep(ConcurrentQueue<(string, string)> recent, (string, string) item)
    {
        recent.Enqueue(item);
        while (recent.Count > RecentEvents && recent.TryDequeue(out _))
        {
        }
    }
}
