using Switchboard.Contracts.Routing;
using Switchboard.Contracts.Tickets;

namespace Switchboard.Silo.Routing;

/// <summary>
/// A queue's matching, without Orleans. Waiting tickets stand in line by effective priority (their own
/// plus escalations that are due), then, in a queue ordered by SLA, by the nearest SLA due time (tickets without
/// one after those with one), then by how long they have waited (<see cref="LineStanding"/>). Each ticket has at
/// most one offer out and goes to the best eligible agent with free capacity on its channel: the customer's
/// preferred agent, then the best proficiency in the queue's skills, then the longest idle (since its last offer,
/// assignment or release, so work spreads over agents instead of filling one agent's places first). Escalations are a
/// function of the time waited, so a rebuilt line applies exactly the same ones.
/// </summary>
public sealed class QueueLine
{
    private const int AssignmentHistory = 20;

    private static readonly IComparer<Entry> ByStanding = Comparer<Entry>.Create((a, b) => a.Standing.CompareTo(b.Standing));

    private readonly TimeSpan _preferredAgentWait;
    private readonly Dictionary<string, Entry> _waiting = new(StringComparer.Ordinal);

    // The line in order, and the part of it without an offer out: kept sorted as tickets come, go and are offered, so
    // a match looks at the head of the line instead of sorting it. Standings are cached as of _standingsAt and stay
    // right until _standingsUntil, the first moment a priority escalation becomes due for some ticket.
    private readonly SortedSet<Entry> _inLine = new(ByStanding);
    private readonly SortedSet<Entry> _notOffered = new(ByStanding);
    private readonly SortedSet<(DateTimeOffset Since, string TicketId)> _byAge = [];
    private DateTimeOffset _standingsAt = DateTimeOffset.MinValue;
    private DateTimeOffset _standingsUntil = DateTimeOffset.MinValue;
    private int _offersOutstanding;

    // Agents, and per channel the ones with room on it in the order they get work (best proficiency in the queue's
    // skills, then longest idle): all of them for tickets whose skill requirement is relaxed, and those meeting the
    // requirement for the rest. The room per channel is the sum of what the agents have free.
    private static readonly IComparer<Seat> ByPreference = Comparer<Seat>.Create((a, b) =>
    {
        var byProficiency = b.Proficiency.CompareTo(a.Proficiency);
        if (byProficiency != 0)
        {
            return byProficiency;
        }
        var byIdle = a.Capacity.IdleSince.CompareTo(b.Capacity.IdleSince);
        return byIdle != 0 ? byIdle : string.CompareOrdinal(a.Capacity.AgentId, b.Capacity.AgentId);
    });

    private readonly Dictionary<string, Seat> _agents = new(StringComparer.Ordinal);

    /// <summary>Per agent, the tickets of this line with an offer out to it (made or claimed, not yet answered).</summary>
    private readonly Dictionary<string, HashSet<Entry>> _offersTo = new(StringComparer.Ordinal);

    /// <summary>Agents that left, with the numbered report of their leaving (see <see cref="RemoveAgent"/>).</summary>
    private readonly Dictionary<string, (Guid Incarnation, long Version)> _gone = new(StringComparer.Ordinal);
    private readonly Dictionary<ChannelKind, SortedSet<Seat>> _withRoom = [];
    private readonly Dictionary<ChannelKind, SortedSet<Seat>> _qualifiedWithRoom = [];
    private readonly Dictionary<ChannelKind, int> _room = [];
    private readonly Queue<DateTimeOffset> _recentAssignments = new();
    private QueueDefinition _definition;

    public QueueLine(QueueDefinition? definition = null, TimeSpan preferredAgentWait = default)
    {
        _definition = definition ?? QueueDefinition.Default(Contracts.Agents.AgentProfile.DefaultQueueId);
        _preferredAgentWait = preferredAgentWait;
    }

    /// <summary>The queue's rules; a new definition re-ranks the line and the agents (skills, ordering, escalations).</summary>
    public QueueDefinition Definition
    {
        get => _definition;
        set
        {
            _definition = value;
            foreach (var seat in _agents.Values.ToArray())
            {
                Unseat(seat);
                Place(seat.Reported);
            }
            Restand(_standingsAt);
        }
    }

    public int WaitingCount => _waiting.Count;

    public DateTimeOffset? OldestWaitingSince => _byAge.Count == 0 ? null : _byAge.Min.Since;

    public int OffersOutstanding => _offersOutstanding;

    /// <summary>
    /// Puts a ticket in line. The same wait heard again (reloaded from the index, enqueued after a new priority or SLA
    /// due time) takes the new facts but keeps its offer and the agents who passed on it; a later wait starts afresh,
    /// so answers to offers from an earlier wait no longer apply to it; an earlier wait heard late changes nothing.
    /// </summary>
    public void Add(QueuedTicket ticket)
    {
        if (_waiting.TryGetValue(ticket.TicketId, out var entry))
        {
            if (entry.Ticket.WaitSequence >= ticket.WaitSequence)
            {
                if (entry.Ticket.WaitSequence == ticket.WaitSequence)
                {
                    entry.StaleChecks = 0;
                    // Heard again unchanged (the periodic check against the store, every waiting ticket): it keeps its place
                    // without leaving and re-entering the sorted line.
                    if (entry.Ticket != ticket)
                    {
                        Unlist(entry);
                        entry.Ticket = ticket;
                        List(entry);
                    }
                }
                return;
            }
            Take(entry);
        }
        entry = new Entry(ticket);
        _waiting[ticket.TicketId] = entry;
        List(entry);
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
            Take(entry);
            dropped.Add(entry.Ticket.TicketId);
        }
        return dropped;
    }

    public bool Remove(string ticketId)
    {
        if (!_waiting.TryGetValue(ticketId, out var entry))
        {
            return false;
        }
        Take(entry);
        return true;
    }

    public void SetAgent(AgentCapacity capacity) => SeatAgent(capacity);

    /// <summary>
    /// The agent leaves the line. Numbered (<paramref name="version"/> not 0), the leaving is dropped when a later report
    /// of the same activation has already seated the agent again, and it is remembered, so that a report sent before it
    /// and arriving after it does not seat the agent again.
    /// </summary>
    public void RemoveAgent(string agentId, Guid incarnation = default, long version = 0)
    {
        if (_agents.TryGetValue(agentId, out var seat))
        {
            if (Overtaken(incarnation, version, seat.Capacity.Incarnation, seat.Capacity.Version))
            {
                return;
            }
            _agents.Remove(agentId);
            Unseat(seat);
        }
        if (version != 0)
        {
            _gone[agentId] = (incarnation, version);
        }
    }

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
            if (outcome == OfferOutcome.Accepted && entry.OfferedTo == agentId)
            {
                TakenUp(agentId, entry);
            }
            Take(entry);
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
        Offer(entry, null);
        OfferOver(agentId, entry);
        switch (outcome)
        {
            case OfferOutcome.Declined:
                entry.Decline(agentId);
                break;
            case OfferOutcome.TimedOut:
                entry.Miss(agentId);
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
        var roomLeft = 0;
        foreach (var room in _room.Values)
        {
            roomLeft += room;
        }
        if (roomLeft <= 0 || _notOffered.Count == 0)
        {
            // Every agent's room is taken (usually by offers on their way), or every ticket has an offer out.
            return [];
        }
        var at = now ?? DateTimeOffset.UtcNow;
        Restand(at, onlyIfStale: true);
        var offers = new List<LineOffer>();
        // Tickets alike for eligibility (channel, language, relaxed skills; no named, preferred, declining or missing
        // agent) have the same candidates. Once none of them qualifies, none will in this pass (offers only take room),
        // so the rest of that kind are skipped: a long line nobody here qualifies for costs one look at the agents per
        // kind, not one per ticket.
        HashSet<(ChannelKind, string?, bool)>? unmatched = null;
        foreach (var entry in _notOffered)
        {
            if (roomLeft <= 0)
            {
                break;
            }
            if (_room.GetValueOrDefault(entry.Ticket.Channel) <= 0)
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
            // The agent's room is taken now; the ticket leaves the part of the line without offers after the walk.
            Reserve(agent, entry.Ticket.Channel, at);
            roomLeft--;
            offers.Add(new LineOffer(entry.Ticket, agent.AgentId, entry.Standing));
        }
        foreach (var offer in offers)
        {
            Offer(_waiting[offer.Ticket.TicketId], offer.AgentId);
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
        Restand(now, onlyIfStale: true);
        foreach (var entry in _inLine)
        {
            var standing = entry.Standing;
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
            if (entry.OfferedTo is not null || entry.Declined(agentId) || entry.Missed(agentId)
                || (ticket.TargetAgentId is { } target && target != agentId)
                || (ticket.PreferredAgentId is { } preferred && preferred != agentId && !entry.Declined(preferred)
                    && now - ticket.WaitingSince < _preferredAgentWait))
            {
                continue;
            }
            if (_agents.TryGetValue(agentId, out var known))
            {
                Reserve(known.Capacity, ticket.Channel, now);
            }
            Offer(entry, agentId);
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
                Take(entry);
                due.Add((entry.Ticket, overflow.OverflowQueueId!));
            }
        }
        return due;
    }

    /// <summary>Whether waiting tickets may change standing with time alone (escalations, preferred-agent holds).</summary>
    public bool HasTimedRules => _waiting.Count > 0 && (Definition.Escalations.Count > 0 || _preferredAgentWait > TimeSpan.Zero);

    /// <summary>1-based place in line, the line's length, and an estimate of the wait (null until there is history).</summary>
    public QueuePosition? PositionOf(string ticketId, DateTimeOffset now)
    {
        if (!_waiting.ContainsKey(ticketId))
        {
            return null;
        }
        Restand(now, onlyIfStale: true);
        var line = _inLine.ToList();
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

    public IReadOnlyList<QueueEntryView> Snapshot(DateTimeOffset? now = null)
    {
        Restand(now ?? DateTimeOffset.UtcNow, onlyIfStale: true);
        return _inLine.Select(e => new QueueEntryView(e.Ticket, e.OfferedTo)).ToArray();
    }

    public IReadOnlyList<string> AvailableAgentIds() => _agents.Keys.Order(StringComparer.Ordinal).ToArray();

    // Indexed loops rather than LINQ or foreach over the interface: these run for every ticket a match looks at, and
    // the lambda capturing the wait was the largest allocation of a busy queue.
    public int EffectivePriority(QueuedTicket ticket, DateTimeOffset now)
    {
        var waited = now - ticket.WaitingSince;
        var priority = ticket.Priority;
        var steps = Definition.Escalations;
        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            if (step.Action == EscalationAction.RaisePriority && waited >= step.After)
            {
                priority += step.PriorityIncrease;
            }
        }
        return priority;
    }

    private bool SkillsRelaxed(QueuedTicket ticket, DateTimeOffset now)
    {
        var waited = now - ticket.WaitingSince;
        var steps = Definition.Escalations;
        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            if (step.Action == EscalationAction.RelaxSkills && waited >= step.After)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Where the ticket stands in this line at <paramref name="now"/>.</summary>
    public LineStanding Standing(QueuedTicket ticket, DateTimeOffset now) =>
        new(EffectivePriority(ticket, now), Definition.Ordering == QueueOrdering.NearestSlaBreach ? ticket.SlaDueAt : null, ticket.WaitingSince, ticket.TicketId);

    /// <summary>
    /// Brings the cached standings to <paramref name="now"/>: all of them when asked to, or when an escalation has become
    /// due since they were computed (or the clock went back); otherwise they are still right and nothing moves.
    /// </summary>
    private void Restand(DateTimeOffset now, bool onlyIfStale = false)
    {
        if (onlyIfStale && now >= _standingsAt && now < _standingsUntil)
        {
            return;
        }
        _standingsAt = now;
        _standingsUntil = DateTimeOffset.MaxValue;
        _inLine.Clear();
        _notOffered.Clear();
        foreach (var entry in _waiting.Values)
        {
            Rank(entry);
            _inLine.Add(entry);
            if (entry.OfferedTo is null)
            {
                _notOffered.Add(entry);
            }
        }
    }

    /// <summary>The entry's standing as of the cached moment, and the moment its next priority escalation is due.</summary>
    private void Rank(Entry entry)
    {
        entry.Standing = Standing(entry.Ticket, _standingsAt);
        foreach (var step in Definition.Escalations)
        {
            if (step.Action == EscalationAction.RaisePriority && step.After >= TimeSpan.Zero
                && entry.Ticket.WaitingSince + step.After is var due && due > _standingsAt && due < _standingsUntil)
            {
                _standingsUntil = due;
            }
        }
    }

    /// <summary>Puts a waiting entry in the ordered line (and among those without an offer, when it has none).</summary>
    private void List(Entry entry)
    {
        Rank(entry);
        _inLine.Add(entry);
        _byAge.Add((entry.Ticket.WaitingSince, entry.Ticket.TicketId));
        if (entry.OfferedTo is null)
        {
            _notOffered.Add(entry);
        }
        else
        {
            _offersOutstanding++;
        }
    }

    private void Unlist(Entry entry)
    {
        _inLine.Remove(entry);
        _byAge.Remove((entry.Ticket.WaitingSince, entry.Ticket.TicketId));
        if (entry.OfferedTo is null)
        {
            _notOffered.Remove(entry);
        }
        else
        {
            _offersOutstanding--;
        }
    }

    /// <summary>The ticket leaves the line.</summary>
    private void Take(Entry entry)
    {
        Unlist(entry);
        _waiting.Remove(entry.Ticket.TicketId);
        if (entry.OfferedTo is { } agentId)
        {
            // The offer's room is the agent's again unless its answer (or its next report) says otherwise.
            _offersTo[agentId].Remove(entry);
            OfferOver(agentId, entry);
        }
    }

    /// <summary>Marks the ticket offered to <paramref name="agentId"/>, or back without an offer when null.</summary>
    private void Offer(Entry entry, string? agentId)
    {
        if (entry.OfferedTo is { } previous && previous != agentId)
        {
            _offersTo[previous].Remove(entry);
        }
        if (agentId is not null && entry.OfferedTo != agentId)
        {
            if (!_offersTo.TryGetValue(agentId, out var offered))
            {
                _offersTo[agentId] = offered = [];
            }
            offered.Add(entry);
        }
        if (entry.OfferedTo is null && agentId is not null)
        {
            _notOffered.Remove(entry);
            _offersOutstanding++;
        }
        else if (entry.OfferedTo is not null && agentId is null)
        {
            _notOffered.Add(entry);
            _offersOutstanding--;
        }
        entry.OfferedTo = agentId;
    }

    /// <summary>
    /// Records (or replaces) what an agent has free, ranked by the queue's current skills. A report older than the one
    /// the line has from the same activation is dropped: it was overtaken on the way (say an accept's report, holding
    /// the capacity, arriving after the release's report that frees it) and would leave the agent looking busy.
    /// </summary>
    private void SeatAgent(AgentCapacity capacity)
    {
        if (_gone.TryGetValue(capacity.AgentId, out var gone))
        {
            if (Overtaken(capacity.Incarnation, capacity.Version, gone.Incarnation, gone.Version))
            {
                // Sent before the agent left, and overtaken by its leaving.
                return;
            }
            _gone.Remove(capacity.AgentId);
        }
        if (_agents.TryGetValue(capacity.AgentId, out var old))
        {
            if (Overtaken(capacity.Incarnation, capacity.Version, old.Capacity.Incarnation, old.Capacity.Version))
            {
                return;
            }
            Unseat(old);
            if (old.Capacity.Incarnation != capacity.Incarnation && old.Capacity.Incarnation != Guid.Empty && capacity.Incarnation != Guid.Empty)
            {
                ReleaseOffersTo(capacity.AgentId);
            }
        }
        Place(capacity);
    }

    /// <summary>
    /// Seats the agent with what it <paramref name="reported"/> free, less a place for each offer of this line on its
    /// way to it: one the report does not list as held was made after the agent counted (the offer had not reached it),
    /// and without this the line would offer that room a second time, for the agent to refuse.
    /// </summary>
    private void Place(AgentCapacity reported)
    {
        var free = Effective(reported);
        var capacity = ReferenceEquals(free, reported.Free) ? reported : reported with { Free = free };
        SeatIn(new Seat(capacity, reported, Proficiency(capacity), MeetsSkills(capacity)));
    }

    private void SeatIn(Seat seat)
    {
        _agents[seat.Capacity.AgentId] = seat;
        foreach (var (channel, free) in seat.Capacity.Free)
        {
            if (free <= 0)
            {
                continue;
            }
            _room[channel] = _room.GetValueOrDefault(channel) + free;
            SeatsOn(_withRoom, channel).Add(seat);
            if (seat.Qualified)
            {
                SeatsOn(_qualifiedWithRoom, channel).Add(seat);
            }
        }
    }

    /// <summary>
    /// Whether an agent's message numbered <paramref name="version"/> was sent before the one the line already has
    /// (<paramref name="latestVersion"/>, same activation), so that it arrived out of order. Unnumbered ones (0) never are.
    /// </summary>
    private static bool Overtaken(Guid incarnation, long version, Guid latestIncarnation, long latestVersion) =>
        version != 0 && incarnation == latestIncarnation && version < latestVersion;

    /// <summary>
    /// The agent came back as a new activation, which holds no offers: those this line counts as on their way to it
    /// were lost with the old one (one-way, with its silo), and would otherwise wait for an answer that never comes.
    /// They go back in line at their place, not counted as missed.
    /// </summary>
    private void ReleaseOffersTo(string agentId)
    {
        foreach (var entry in _waiting.Values)
        {
            if (entry.OfferedTo == agentId)
            {
                Offer(entry, null);
            }
        }
    }

    private void Unseat(Seat seat)
    {
        foreach (var (channel, free) in seat.Capacity.Free)
        {
            if (free <= 0)
            {
                continue;
            }
            _room[channel] -= free;
            _withRoom[channel].Remove(seat);
            if (seat.Qualified)
            {
                _qualifiedWithRoom[channel].Remove(seat);
            }
        }
    }

    private static SortedSet<Seat> SeatsOn(Dictionary<ChannelKind, SortedSet<Seat>> index, ChannelKind channel)
    {
        if (!index.TryGetValue(channel, out var seats))
        {
            index[channel] = seats = new SortedSet<Seat>(ByPreference);
        }
        return seats;
    }

    /// <summary>What decides which agents may take the ticket, when nothing but the queue's rules does; null otherwise.</summary>
    private (ChannelKind, string?, bool)? KindOf(Entry entry, DateTimeOffset now)
    {
        var ticket = entry.Ticket;
        if (ticket.TargetAgentId is not null || ticket.PreferredAgentId is not null || entry.DeclinedOrMissed)
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
            return _agents.TryGetValue(target, out var named) && CanTake(named.Capacity, entry, now) ? named.Capacity : null;
        }
        if (ticket.PreferredAgentId is { } preferred && !entry.Declined(preferred))
        {
            if (_agents.TryGetValue(preferred, out var favourite) && CanTake(favourite.Capacity, entry, now))
            {
                return favourite.Capacity;
            }
            if (now - ticket.WaitingSince < _preferredAgentWait)
            {
                // Hold the ticket for the customer's last agent a little longer.
                return null;
            }
        }
        // An agent who let this ticket's offer time out gets it again only when no one else can take it.
        return BestAmong(entry, now, skipMissed: true) ?? BestAmong(entry, now, skipMissed: false);
    }

    /// <summary>
    /// The first eligible agent in preference order, agents who declined the ticket after everyone else (it goes to
    /// everyone else first, but never waits while one of them has room: work conservation).
    /// </summary>
    private AgentCapacity? BestAmong(Entry entry, DateTimeOffset now, bool skipMissed)
    {
        var ticket = entry.Ticket;
        var index = SkillsRelaxed(ticket, now) ? _withRoom : _qualifiedWithRoom;
        if (!index.TryGetValue(ticket.Channel, out var seats))
        {
            return null;
        }
        AgentCapacity? declined = null;
        foreach (var seat in seats)
        {
            var agent = seat.Capacity;
            if (!SpeaksLanguage(agent, ticket) || (skipMissed && entry.Missed(agent.AgentId)))
            {
                continue;
            }
            if (!entry.Declined(agent.AgentId))
            {
                return agent;
            }
            declined ??= agent;
        }
        return declined;
    }

    /// <summary>Eligible (language, skills) and with room on the ticket's channel.</summary>
    private bool CanTake(AgentCapacity agent, Entry entry, DateTimeOffset now)
    {
        var ticket = entry.Ticket;
        if (Free(agent, ticket.Channel) <= 0)
        {
            return false;
        }
        return SpeaksLanguage(agent, ticket) && (SkillsRelaxed(ticket, now) || MeetsSkills(agent));
    }

    private static bool SpeaksLanguage(AgentCapacity agent, QueuedTicket ticket) =>
        ticket.Language is not { Length: > 0 } language || agent.Languages.Count == 0
        || agent.Languages.Contains(language, StringComparer.OrdinalIgnoreCase);

    private bool MeetsSkills(AgentCapacity agent)
    {
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

    /// <summary>
    /// Takes one place on the channel from what the agent has free, as an offer on its way will, and counts the agent
    /// idle from <paramref name="at"/> (as it will once it takes the ticket): the next ticket goes to an agent idle for
    /// longer, not to this one's next free place.
    /// </summary>
    private void Reserve(AgentCapacity agent, ChannelKind channel, DateTimeOffset at)
    {
        var seat = _agents[agent.AgentId];
        var free = new Dictionary<ChannelKind, int>(seat.Capacity.Free) { [channel] = Free(seat.Capacity, channel) - 1 };
        Unseat(seat);
        SeatIn(seat with { Capacity = seat.Capacity with { Free = free, IdleSince = Later(seat.Capacity.IdleSince, at) } });
    }

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    /// <summary>What the agent reported free, less what this line's offers not yet seen by the agent take.</summary>
    private IReadOnlyDictionary<ChannelKind, int> Effective(AgentCapacity reported)
    {
        if (!_offersTo.TryGetValue(reported.AgentId, out var offered) || offered.Count == 0)
        {
            return reported.Free;
        }
        Dictionary<ChannelKind, int>? less = null;
        foreach (var entry in offered)
        {
            if (!reported.HeldOffers.Contains(entry.Ticket.TicketId))
            {
                less ??= new Dictionary<ChannelKind, int>(reported.Free);
                less[entry.Ticket.Channel] = less.GetValueOrDefault(entry.Ticket.Channel) - 1;
            }
        }
        return less ?? reported.Free;
    }

    /// <summary>
    /// An offer to the agent ended. One its last report listed as held took room that report already left out: that
    /// stays so until the agent reports again, and the listing no longer applies (the ticket may be offered to the agent
    /// again, and that offer is not held yet). One on its way when the agent reported gives its room back.
    /// </summary>
    private void OfferOver(string agentId, Entry entry)
    {
        if (_agents.TryGetValue(agentId, out var seat) && seat.Reported.HeldOffers.Contains(entry.Ticket.TicketId))
        {
            var held = seat.Reported.HeldOffers.Where(id => id != entry.Ticket.TicketId).ToArray();
            _agents[agentId] = seat with { Reported = seat.Reported with { HeldOffers = held } };
            return;
        }
        Reseat(agentId);
    }

    /// <summary>Seats the agent again after an offer to it ended, if that changes the room it has.</summary>
    private void Reseat(string agentId)
    {
        if (!_agents.TryGetValue(agentId, out var seat))
        {
            return;
        }
        var free = Effective(seat.Reported);
        if (free.Count == seat.Capacity.Free.Count && free.All(f => seat.Capacity.Free.TryGetValue(f.Key, out var had) && had == f.Value))
        {
            return;
        }
        Unseat(seat);
        SeatIn(seat with { Capacity = seat.Capacity with { Free = free } });
    }

    /// <summary>
    /// The agent took up the offer: the room the offer held stays taken, now by the assignment, until the agent reports
    /// again (an accept usually comes with its report). Its last report counted the room free unless it listed the offer.
    /// </summary>
    private void TakenUp(string agentId, Entry entry)
    {
        if (_agents.TryGetValue(agentId, out var seat) && !seat.Reported.HeldOffers.Contains(entry.Ticket.TicketId))
        {
            var channel = entry.Ticket.Channel;
            var free = new Dictionary<ChannelKind, int>(seat.Reported.Free) { [channel] = Free(seat.Reported, channel) - 1 };
            _agents[agentId] = seat with { Reported = seat.Reported with { Free = free } };
        }
    }

    private sealed class Entry(QueuedTicket ticket)
    {
        // Agents who declined the ticket, and those whose offer of it timed out (it goes to someone else first). Made by
        // the first of each: every waiting ticket has an entry, few are ever declined or missed.
        private HashSet<string>? _declinedBy;
        private HashSet<string>? _missedBy;

        public QueuedTicket Ticket { get; set; } = ticket;

        public string? OfferedTo { get; set; }

        public bool DeclinedOrMissed => _declinedBy is { Count: > 0 } || _missedBy is { Count: > 0 };

        /// <summary>Checks in a row that found the ticket no longer waiting here while its offer was out.</summary>
        public int StaleChecks { get; set; }

        /// <summary>Where the ticket stands as of the line's cached moment; changed only while it is out of the sorted sets.</summary>
        public LineStanding Standing { get; set; } = null!;

        public bool Declined(string agentId) => _declinedBy?.Contains(agentId) == true;

        public bool Missed(string agentId) => _missedBy?.Contains(agentId) == true;

        public void Decline(string agentId) => (_declinedBy ??= new HashSet<string>(StringComparer.Ordinal)).Add(agentId);

        public void Miss(string agentId) => (_missedBy ??= new HashSet<string>(StringComparer.Ordinal)).Add(agentId);
    }

    /// <summary>
    /// An agent as the line ranks it: what it has free as the line counts it (<see cref="Reported"/> less offers on their
    /// way and reservations), its proficiency in the queue's skills, whether it meets them.
    /// </summary>
    private sealed record Seat(AgentCapacity Capacity, AgentCapacity Reported, int Proficiency, bool Qualified);
}
