using Switchboard.Contracts.Routing;
using Switchboard.Contracts.Tickets;

namespace Switchboard.Silo.Routing;

/// <summary>
/// A queue's matching, without Orleans. Waiting tickets stand in line by effective priority (their own
/// plus escalations that are due), then, in a queue ordered by SLA, by the nearest SLA due time (tickets without
/// one after those with one), then by how long they have waited (<see cref="LineStanding"/>). Each ticket has at
/// most one offer out and goes to the best eligible agent with free capacity on its channel: the customer's
/// preferred agent, then the best proficiency in the queue's skills, then the longest idle. Escalations are a
/// function of the time waited, so a rebuilt line applies exactly the same ones.
/// </summary>
public sealed class QueueLine(QueueDefinition? definition = null, TimeSpan preferredAgentWait = default)
{
    private const int AssignmentHistory = 20;

    private readonly Dictionary<string, Entry> _waiting = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AgentCapacity> _agents = new(StringComparer.Ordinal);
    private readonly Queue<DateTimeOffset> _recentAssignments = new();

    public QueueDefinition Definition { get; set; } = definition ?? QueueDefinition.Default(Contracts.Agents.AgentProfile.DefaultQueueId);

    public int WaitingCount => _waiting.Count;

    public DateTimeOffset? OldestWaitingSince => _waiting.Count == 0 ? null : _waiting.Values.Min(e => e.Ticket.WaitingSince);

    public int OffersOutstanding => _waiting.Values.Count(e => e.OfferedTo is not null);

    /// <summary>
    /// Puts a ticket in line. The same wait heard again (reloaded from the index, enqueued after a new priority or SLA
    /// due time) takes the new facts but keeps its offer and the agents who passed on it; a later wait starts afresh,
    /// so answers to offers from an earlier wait no longer apply to it; an earlier wait heard late changes nothing.
    /// </summary>
    public void Add(QueuedTicket ticket)
    {
        if (_waiting.TryGetValue(ticket.TicketId, out var entry) && entry.Ticket.WaitSequence >= ticket.WaitSequence)
        {
            if (entry.Ticket.WaitSequence == ticket.WaitSequence)
            {
                entry.Ticket = ticket;
                entry.StaleChecks = 0;
            }
            return;
        }
        _waiting[ticket.TicketId] = new Entry(ticket);
    }

    /// <summary>
    /// Drops tickets the store no longer lists as waiting in this queue (an answer or a removal that never arrived,
    /// lost with a silo). A ticket with an offer out is dropped only when a second check still finds it gone, so the
    /// agent's answer, usually on its way, is still counted. Returns the tickets dropped.
    /// </summary>
    public IReadOnlyList<string> DropAllBut(IReadOnlySet<string> waiting)
    {
        var dropped = new List<string>();
        foreach (var entry in _waiting.Values.ToArray())
        {
            if (waiting.Contains(entry.Ticket.TicketId))
            {
                entry.StaleChecks = 0;
                continue;
            }
            if (entry.OfferedTo is not null && ++entry.StaleChecks < 2)
            {
                continue;
            }
            _waiting.Remove(entry.Ticket.TicketId);
            dropped.Add(entry.Ticket.TicketId);
        }
        return dropped;
    }

    public bool Remove(string ticketId) => _waiting.Remove(ticketId);

    public void SetAgent(AgentCapacity capacity) => _agents[capacity.AgentId] = capacity;

    public void RemoveAgent(string agentId) => _agents.Remove(agentId);

    /// <summary>
    /// Records how an offer made during the ticket's wait <paramref name="waitSequence"/> ended; a ticket not taken
    /// goes back in line at its original place. Accepted or gone ends that wait whoever the line last offered it to
    /// (after a rebuild the line may not know the offer); an answer from an earlier wait changes nothing. Returns
    /// the ticket when the offer was accepted, so the caller can count how long it waited.
    /// </summary>
    public QueuedTicket? Settle(string ticketId, string agentId, OfferOutcome outcome, DateTimeOffset? now = null, long waitSequence = 0)
    {
        if (!_waiting.TryGetValue(ticketId, out var entry) || entry.Ticket.WaitSequence != waitSequence)
        {
            return null;
        }
        if (outcome is OfferOutcome.Accepted or OfferOutcome.Gone)
        {
            _waiting.Remove(ticketId);
            if (outcome == OfferOutcome.Accepted)
            {
                RecordAssignment(now ?? DateTimeOffset.UtcNow);
                return entry.Ticket;
            }
            return null;
        }
        if (entry.OfferedTo != agentId)
        {
            return null;
        }
        entry.OfferedTo = null;
        switch (outcome)
        {
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
        return null;
    }

    /// <summary>
    /// The offers to make now: each waiting ticket without an offer, in line order, to its best eligible agent
    /// with free capacity. An agent who let its offer time out gets it again only when no one else can take it.
    /// Capacity is reserved here as offers are made; the agent has the final say.
    /// </summary>
    public IReadOnlyList<LineOffer> NextOffers(DateTimeOffset? now = null)
    {
        if (_agents.Count == 0 || _waiting.Count == 0)
        {
            return [];
        }
        var at = now ?? DateTimeOffset.UtcNow;
        var offers = new List<LineOffer>();
        // Room left per channel across all agents: a ticket on a full channel is skipped without looking at each
        // agent, and the walk stops once every channel is full (most matches, when agents re-register often).
        var room = new Dictionary<ChannelKind, int>();
        foreach (var (channel, free) in _agents.Values.SelectMany(a => a.Free))
        {
            room[channel] = room.GetValueOrDefault(channel) + Math.Max(0, free);
        }
        var roomLeft = room.Values.Sum();
        if (roomLeft <= 0)
        {
            // Every agent's room is taken (usually by offers on their way): no need to put the line in order.
            return [];
        }
        // Tickets alike for eligibility (channel, language, relaxed skills; no named, preferred, declining or missing
        // agent) have the same candidates. Once none of them qualifies, none will in this pass (offers only take room),
        // so the rest of that kind are skipped: a long line nobody here qualifies for costs one look at the agents per
        // kind, not one per ticket.
        HashSet<(ChannelKind, string?, bool)>? unmatched = null;
        foreach (var (entry, standing) in InLineOrder(at))
        {
            if (roomLeft <= 0)
            {
                break;
            }
            if (entry.OfferedTo is not null || room.GetValueOrDefault(entry.Ticket.Channel) <= 0)
            {
                continue;
            }
            var kind = KindOf(entry, at);
            if (kind is { } k && unmatched?.Contains(k) == true)
            {
                continue;
            }
            var agent = BestAgentFor(entry, at);
            if (agent is null)
            {
                if (kind is { } unmatchedKind)
                {
                    (unmatched ??= []).Add(unmatchedKind);
                }
                continue;
            }
            entry.OfferedTo = agent.AgentId;
            _agents[agent.AgentId] = Reserve(agent, entry.Ticket.Channel);
            room[entry.Ticket.Channel]--;
            roomLeft--;
            offers.Add(new LineOffer(entry.Ticket, agent.AgentId, standing));
        }
        return offers;
    }

    /// <summary>
    /// The best ticket in line that <paramref name="capacity"/>'s agent may take now and that stands before
    /// <paramref name="bar"/> (any, when null), set aside as an offer to that agent; null when there is none. A
    /// ticket this line already offered to the agent counts (the offer is on its way) unless the agent says it
    /// holds it. Tickets held for another agent (named by a transfer, or the customer's last agent for a while)
    /// and tickets the agent declined or let time out are not claimed: the line offers those itself.
    /// </summary>
    public ClaimedTicket? Claim(AgentCapacity capacity, LineStanding? bar, IReadOnlyCollection<string> held, DateTimeOffset now)
    {
        var agentId = capacity.AgentId;
        foreach (var (entry, standing) in InLineOrder(now))
        {
            if (bar is not null && !standing.IsBefore(bar))
            {
                return null;
            }
            var ticket = entry.Ticket;
            if (held.Contains(ticket.TicketId) || !CanTake(capacity, entry, now))
            {
                continue;
            }
            if (entry.OfferedTo == agentId)
            {
                return new ClaimedTicket(ticket, standing, AlreadyOffered: true);
            }
            if (entry.OfferedTo is not null || entry.DeclinedBy.Contains(agentId) || entry.MissedBy.Contains(agentId)
                || (ticket.TargetAgentId is { } target && target != agentId)
                || (ticket.PreferredAgentId is { } preferred && preferred != agentId && !entry.DeclinedBy.Contains(preferred)
                    && now - ticket.WaitingSince < preferredAgentWait))
            {
                continue;
            }
            entry.OfferedTo = agentId;
            if (_agents.TryGetValue(agentId, out var known))
            {
                _agents[agentId] = Reserve(known, ticket.Channel);
            }
            return new ClaimedTicket(ticket, standing, AlreadyOffered: false);
        }
        return null;
    }

    /// <summary>Tickets whose overflow step is due: they leave this line and the caller moves them.</summary>
    public IReadOnlyList<(QueuedTicket Ticket, string TargetQueueId)> TakeDueOverflows(DateTimeOffset now)
    {
        var overflows = Definition.Escalations
            .Where(s => s.Action == EscalationAction.Overflow && !string.IsNullOrEmpty(s.OverflowQueueId) && s.OverflowQueueId != Definition.QueueId)
            .ToArray();
        if (overflows.Length == 0)
        {
            // Runs on every match: without overflow rules, no pass over (and copy of) the whole line.
            return [];
        }
        var due = new List<(QueuedTicket, string)>();
        foreach (var entry in _waiting.Values.ToArray())
        {
            if (entry.OfferedTo is not null)
            {
                continue;
            }
            var waited = now - entry.Ticket.WaitingSince;
            var overflow = overflows.FirstOrDefault(s => waited >= s.After);
            if (overflow is not null)
            {
                _waiting.Remove(entry.Ticket.TicketId);
                due.Add((entry.Ticket, overflow.OverflowQueueId!));
            }
        }
        return due;
    }

    /// <summary>Whether waiting tickets may change standing with time alone (escalations, preferred-agent holds).</summary>
    public bool HasTimedRules => _waiting.Count > 0 && (Definition.Escalations.Count > 0 || preferredAgentWait > TimeSpan.Zero);

    /// <summary>1-based place in line, the line's length, and an estimate of the wait (null until there is history).</summary>
    public QueuePosition? PositionOf(string ticketId, DateTimeOffset now)
    {
        if (!_waiting.ContainsKey(ticketId))
        {
            return null;
        }
        var line = InLineOrder(now).Select(e => e.Entry).ToList();
        var position = line.FindIndex(e => e.Ticket.TicketId == ticketId) + 1;
        TimeSpan? estimate = null;
        if (_recentAssignments.Count >= 2)
        {
            var span = _recentAssignments.Last() - _recentAssignments.First();
            var perAssignment = span / (_recentAssignments.Count - 1);
            estimate = perAssignment * position;
        }
        return new QueuePosition(ticketId, Definition.QueueId, position, line.Count, estimate);
    }

    public IReadOnlyList<QueueEntryView> Snapshot(DateTimeOffset? now = null) =>
        InLineOrder(now ?? DateTimeOffset.UtcNow).Select(e => new QueueEntryView(e.Entry.Ticket, e.Entry.OfferedTo)).ToArray();

    public IReadOnlyList<string> AvailableAgentIds() => _agents.Keys.Order(StringComparer.Ordinal).ToArray();

    public int EffectivePriority(QueuedTicket ticket, DateTimeOffset now)
    {
        var waited = now - ticket.WaitingSince;
        return ticket.Priority + Definition.Escalations
            .Where(s => s.Action == EscalationAction.RaisePriority && waited >= s.After)
            .Sum(s => s.PriorityIncrease);
    }

    private bool SkillsRelaxed(QueuedTicket ticket, DateTimeOffset now) =>
        Definition.Escalations.Any(s => s.Action == EscalationAction.RelaxSkills && now - ticket.WaitingSince >= s.After);

    /// <summary>Where the ticket stands in this line at <paramref name="now"/>.</summary>
    public LineStanding Standing(QueuedTicket ticket, DateTimeOffset now) =>
        new(EffectivePriority(ticket, now), Definition.Ordering == QueueOrdering.NearestSlaBreach ? ticket.SlaDueAt : null, ticket.WaitingSince, ticket.TicketId);

    private IEnumerable<(Entry Entry, LineStanding Standing)> InLineOrder(DateTimeOffset now) =>
        _waiting.Values.Select(e => (Entry: e, Standing: Standing(e.Ticket, now))).OrderBy(e => e.Standing);

    /// <summary>What decides which agents may take the ticket, when nothing but the queue's rules does; null otherwise.</summary>
    private (ChannelKind, string?, bool)? KindOf(Entry entry, DateTimeOffset now)
    {
        var ticket = entry.Ticket;
        if (ticket.TargetAgentId is not null || ticket.PreferredAgentId is not null || entry.DeclinedBy.Count > 0 || entry.MissedBy.Count > 0)
        {
            return null;
        }
        return (ticket.Channel, ticket.Language is { Length: > 0 } language ? language.ToLowerInvariant() : null, SkillsRelaxed(ticket, now));
    }

    private AgentCapacity? BestAgentFor(Entry entry, DateTimeOffset now)
    {
        var ticket = entry.Ticket;
        if (ticket.TargetAgentId is { } target)
        {
            return _agents.TryGetValue(target, out var named) && CanTake(named, entry, now) ? named : null;
        }
        if (ticket.PreferredAgentId is { } preferred && !entry.DeclinedBy.Contains(preferred))
        {
            if (_agents.TryGetValue(preferred, out var favourite) && CanTake(favourite, entry, now))
            {
                return favourite;
            }
            if (now - ticket.WaitingSince < preferredAgentWait)
            {
                // Hold the ticket for the customer's last agent a little longer.
                return null;
            }
        }
        // An agent who let this ticket's offer time out gets it again only when no one else can take it.
        return BestAmong(entry, now, skipMissed: true) ?? BestAmong(entry, now, skipMissed: false);
    }

    private AgentCapacity? BestAmong(Entry entry, DateTimeOffset now, bool skipMissed)
    {
        // Agents who declined the ticket come last: it goes to everyone else first, but it never waits while one
        // of them has room (work conservation).
        AgentCapacity? best = null;
        var bestScore = -1;
        var bestDeclined = false;
        foreach (var agent in _agents.Values)
        {
            if (!CanTake(agent, entry, now) || (skipMissed && entry.MissedBy.Contains(agent.AgentId)))
            {
                continue;
            }
            var score = Proficiency(agent);
            var declined = entry.DeclinedBy.Contains(agent.AgentId);
            if (best is null || (bestDeclined && !declined)
                || (declined == bestDeclined && (score > bestScore
                    || (score == bestScore && (agent.IdleSince < best.IdleSince
                        || (agent.IdleSince == best.IdleSince && string.CompareOrdinal(agent.AgentId, best.AgentId) < 0))))))
            {
                best = agent;
                bestScore = score;
                bestDeclined = declined;
            }
        }
        return best;
    }

    /// <summary>Eligible (language, skills) and with room on the ticket's channel.</summary>
    private bool CanTake(AgentCapacity agent, Entry entry, DateTimeOffset now)
    {
        var ticket = entry.Ticket;
        if (Free(agent, ticket.Channel) <= 0)
        {
            return false;
        }
        if (ticket.Language is { Length: > 0 } language && agent.Languages.Count > 0
            && !agent.Languages.Contains(language, StringComparer.OrdinalIgnoreCase))
        {
            return false;
        }
        if (SkillsRelaxed(ticket, now))
        {
            return true;
        }
        foreach (var (skill, minimum) in Definition.RequiredSkills)
        {
            if (!agent.Skills.TryGetValue(skill, out var level) || level < minimum)
            {
                return false;
            }
        }
        return true;
    }

    private int Proficiency(AgentCapacity agent) =>
        Definition.RequiredSkills.Keys.Sum(skill => agent.Skills.TryGetValue(skill, out var level) ? level : 0);

    private void RecordAssignment(DateTimeOffset at)
    {
        _recentAssignments.Enqueue(at);
        while (_recentAssignments.Count > AssignmentHistory)
        {
            _recentAssignments.Dequeue();
        }
    }

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

        /// <summary>Checks in a row that found the ticket no longer waiting here while its offer was out.</summary>
        public int StaleChecks { get; set; }
    }
}
