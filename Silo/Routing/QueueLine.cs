using Switchboard.Contracts.Routing;
using Switchboard.Contracts.Tickets;

namespace Switchboard.Silo.Routing;

/// <summary>
/// A queue's matching, without Orleans: waiting tickets in line (priority, then longest waiting) and
/// available agents with their free capacity (longest idle first). Each ticket has at most one offer out.
/// </summary>
public sealed class QueueLine
{
    private readonly Dictionary<string, Entry> _waiting = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AgentCapacity> _agents = new(StringComparer.Ordinal);

    public int WaitingCount => _waiting.Count;

    public void Add(QueuedTicket ticket)
    {
        if (_waiting.TryGetValue(ticket.TicketId, out var entry))
        {
            entry.Ticket = ticket;
            return;
        }
        _waiting[ticket.TicketId] = new Entry(ticket);
    }

    public bool Remove(string ticketId) => _waiting.Remove(ticketId);

    public void SetAgent(AgentCapacity capacity) => _agents[capacity.AgentId] = capacity;

    public void RemoveAgent(string agentId) => _agents.Remove(agentId);

    /// <summary>Records how an offer ended; a ticket not taken goes back in line at its original place.</summary>
    public void Settle(string ticketId, string agentId, OfferOutcome outcome)
    {
        if (!_waiting.TryGetValue(ticketId, out var entry) || entry.OfferedTo != agentId)
        {
            return;
        }
        entry.OfferedTo = null;
        switch (outcome)
        {
            case OfferOutcome.Accepted:
            case OfferOutcome.Gone:
                _waiting.Remove(ticketId);
                break;
            case OfferOutcome.Declined:
                entry.DeclinedBy.Add(agentId);
                break;
            case OfferOutcome.TimedOut:
                entry.MissedBy.Add(agentId);
                break;
            case OfferOutcome.Refused:
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "Unknown offer outcome.");
        }
    }

    /// <summary>
    /// The offers to make now: each waiting ticket without an offer, in line order, to the longest-idle agent
    /// with free capacity on its channel who has not declined it. An agent who let its offer time out gets it
    /// again only when no one else can take it. Capacity is reserved as offers are made.
    /// </summary>
    public IReadOnlyList<(QueuedTicket Ticket, string AgentId)> NextOffers()
    {
        if (_agents.Count == 0 || _waiting.Count == 0)
        {
            return [];
        }
        var offers = new List<(QueuedTicket, string)>();
        var agents = _agents.Values.OrderBy(a => a.IdleSince).ThenBy(a => a.AgentId, StringComparer.Ordinal).ToList();
        foreach (var entry in InLineOrder().Where(e => e.OfferedTo is null))
        {
            var channel = entry.Ticket.Channel;
            var agent = agents.Find(a => Free(a, channel) > 0 && !entry.DeclinedBy.Contains(a.AgentId) && !entry.MissedBy.Contains(a.AgentId))
                ?? agents.Find(a => Free(a, channel) > 0 && !entry.DeclinedBy.Contains(a.AgentId));
            if (agent is null)
            {
                continue;
            }
            entry.OfferedTo = agent.AgentId;
            var reserved = Reserve(agent, channel);
            _agents[agent.AgentId] = reserved;
            agents[agents.IndexOf(agent)] = reserved;
            offers.Add((entry.Ticket, agent.AgentId));
        }
        return offers;
    }

    public IReadOnlyList<QueueEntryView> Snapshot() =>
        InLineOrder().Select(e => new QueueEntryView(e.Ticket, e.OfferedTo)).ToArray();

    public IReadOnlyList<string> AvailableAgentIds() => _agents.Keys.Order(StringComparer.Ordinal).ToArray();

    private IEnumerable<Entry> InLineOrder() =>
        _waiting.Values.OrderByDescending(e => e.Ticket.Priority).ThenBy(e => e.Ticket.WaitingSince).ThenBy(e => e.Ticket.TicketId, StringComparer.Ordinal);

    private static int Free(AgentCapacity agent, ChannelKind channel) => agent.Free.TryGetValue(channel, out var free) ? free : 0;

    private static AgentCapacity Reserve(AgentCapacity agent, ChannelKind channel)
    {
        var free = new Dictionary<ChannelKind, int>(agent.Free) { [channel] = Free(agent, channel) - 1 };
        return agent with { Free = free };
    }

    private sealed class Entry(QueuedTicket ticket)
    {
        public QueuedTicket Ticket { get; set; } = ticket;

        public string? OfferedTo { get; set; }

        public HashSet<string> DeclinedBy { get; } = new(StringComparer.Ordinal);

        /// <summary>Agents whose offer of this ticket timed out: the ticket goes to someone else first.</summary>
        public HashSet<string> MissedBy { get; } = new(StringComparer.Ordinal);
    }
}
