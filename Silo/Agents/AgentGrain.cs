using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Switchboard.Contracts;
using Switchboard.Contracts.Agents;
using Switchboard.Contracts.Gateway;
using Switchboard.Contracts.Routing;
using Switchboard.Contracts.Supervision;
using Switchboard.Contracts.Telemetry;
using Switchboard.Contracts.Tickets;
using Switchboard.Silo.Routing;
using Switchboard.Silo.Storage;

namespace Switchboard.Silo.Agents;

/// <summary>
/// An agent. It owns its capacity, so it alone decides whether to take an offer: a queue proposes, the
/// agent reserves, and however many queues offer at once its capacity is never exceeded. Offers are soft
/// (lost with the activation, the ticket then still waits in its queue); profile, presence and assigned
/// tickets are durable.
/// </summary>
public sealed class AgentGrain(
    [PersistentState("agent", "switchboard")] IPersistentState<AgentState> state,
    IOptions<RoutingOptions> options,
    ITicketLogStore tickets,
    TimeProvider clock,
    ILogger<AgentGrain> logger) : Grain, IAgentGrain, IRemindable
{
    /// <summary>Kept while the agent is signed in: wakes an activation lost with its silo (see RoutingOptions.AgentKeepAlive).</summary>
    private const string KeepAliveReminder = "keep-alive";

    private readonly Dictionary<string, PendingOffer> _offers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ChannelKind> _wrappingUp = new(StringComparer.Ordinal);

    /// <summary>
    /// For each ticket this activation accepted, the log position of the wait it was offered from (for those it found
    /// in the ticket index as it started, the position the index showed). A release at or before it ended an earlier
    /// assignment of the same ticket, overtaken by the offer of this one (both one-way).
    /// </summary>
    private readonly Dictionary<string, long> _assignedFrom = new(StringComparer.Ordinal);

    /// <summary>Offers a queue had already sent when the agent claimed them: when they arrive they are ignored.</summary>
    private readonly HashSet<(string TicketId, long WaitSequence)> _claimedInFlight = [];

    /// <summary>The pending write of the agent's record after releases (see <see cref="WriteRecordSoon"/>).</summary>
    private IGrainTimer? _recordWrite;

    /// <summary>How long a release's change to the agent's record may wait to be written.</summary>
    internal static readonly TimeSpan RecordWriteDelay = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Offers this agent answered lately. A queue that has not yet heard the answer still counts the ticket as
    /// offered here, so a claim naming it as "already offered" is stale and must not be taken.
    /// </summary>
    private readonly RecentAnswers _answered = new(1024);
    private int _missedOffers;
    private readonly RoutingOptions _routing = options.Value;
    private string _tenant = "";
    private string _agentId = "";
    private IGatewayHub? _hub;
    private string? _connectionId;
    private long _pushed;
    private IGrainTimer? _graceTimer;
    private IGrainTimer? _refreshTimer;
    private DateTimeOffset _idleSince;
    private bool _keepAliveSet;


    /// <summary>This activation, named in every capacity report: offers live in memory, so a new one holds none.</summary>
    private readonly Guid _incarnation = Guid.NewGuid();

    /// <summary>Counts this activation's capacity reports and leavings, so a queue can tell a late one from the latest.</summary>
    private long _capacityVersion;
    private ISupervisionGrain? _supervision;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (_tenant, _agentId) = GrainKey.Parse(this.GetPrimaryKeyString());
        _idleSince = clock.GetUtcNow();
        await ReconcileAssigned(cancellationToken);
        SwitchboardMetrics.AgentPresenceMoved(null, state.State.Presence);
        if (state.State.Presence != Presence.Offline)
        {
            // Nobody is connected to a fresh activation: give the desk the grace period to come back, or sign out.
            StartGraceTimer();
            await KeepAlive(true);
        }
        if (state.State.Presence == Presence.Available)
        {
            StartRefreshTimer();
            // The queues may not know this agent (its last activation was lost with its silo): tell them now.
            await ReportCapacity();
        }
    }

    /// <summary>
    /// A signed-in agent keeps a durable reminder, so an activation lost with its silo comes back on its own: it then
    /// re-registers with its queues, or signs out after the grace period if no desk returns. Signed out, it drops it.
    /// </summary>
    private async Task KeepAlive(bool signedIn)
    {
        if (signedIn && !_keepAliveSet)
        {
            await this.RegisterOrUpdateReminder(KeepAliveReminder, _routing.AgentKeepAlive, _routing.AgentKeepAlive);
            _keepAliveSet = true;
        }
        else if (!signedIn && (await this.GetReminder(KeepAliveReminder)) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
            _keepAliveSet = false;
        }
    }

    /// <summary>The activation itself was the point (see <see cref="KeepAlive"/>); an agent signed out stops the reminder.</summary>
    Task IRemindable.ReceiveReminder(string reminderName, TickStatus status) =>
        reminderName == KeepAliveReminder && state.State.Presence == Presence.Offline ? KeepAlive(false) : Task.CompletedTask;

    /// <summary>
    /// The ticket index, written with the tickets' logs, is the truth about which open tickets an agent holds: an
    /// accepted offer is recorded only there (the agent's own record is written when tickets leave it), and an
    /// activation lost after a release would otherwise hold capacity it no longer has. The agent starts from it.
    /// </summary>
    private async Task ReconcileAssigned(CancellationToken cancellationToken)
    {
        var stored = await tickets.ReadAssignedAsync(_tenant, _agentId, cancellationToken);
        var truth = new Dictionary<string, ChannelKind>(StringComparer.Ordinal);
        foreach (var row in stored)
        {
            if (Enum.TryParse<ChannelKind>(row.Channel, out var channel))
            {
                truth[row.TicketId] = channel;
                // The assignment's release, still on its way, comes later in the log than the index's row; an older
                // release ended an earlier assignment of the ticket.
                _assignedFrom[row.TicketId] = row.LastSequence;
            }
        }
        var assigned = state.State.Assigned;
        if (assigned.Count == truth.Count && truth.All(t => assigned.TryGetValue(t.Key, out var c) && c == t.Value))
        {
            return;
        }
        logger.LogInformation(
            "Agent {Tenant}/{AgentId} took its open tickets from the ticket index: {Recorded} in its record, {Actual} in the index",
            _tenant, _agentId, assigned.Count, truth.Count);
        state.State.Assigned = truth;
        await state.WriteStateAsync(cancellationToken);
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        SwitchboardMetrics.AgentPresenceMoved(state.State.Presence, null);
        if (_recordWrite is not null)
        {
            _recordWrite.Dispose();
            _recordWrite = null;
            await state.WriteStateAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Writes the agent's record within <see cref="RecordWriteDelay"/> (or when the activation ends), for a change that
    /// may wait: a release's. The tickets it holds are the ticket index's to say (see <see cref="ReconcileAssigned"/>), so
    /// what a lost activation can lose is the handled count of its last few seconds, not work; and one write covers the
    /// releases of those seconds, where a write each was a durable write per ticket.
    /// </summary>
    private void WriteRecordSoon() =>
        _recordWrite ??= this.RegisterGrainTimer(async _ =>
        {
            _recordWrite?.Dispose();
            _recordWrite = null;
            // Not cancelled with the timer: once taken off, the write is this callback's to finish.
            await state.WriteStateAsync(CancellationToken.None);
        }, new GrainTimerCreationOptions(RecordWriteDelay, Timeout.InfiniteTimeSpan));

    async Task<AgentProfile> IAgentGrain.UpsertProfile(AgentProfile profile)
    {
        var previousQueues = state.State.Profile?.QueueIds ?? [];
        state.State.Profile = profile;
        await state.WriteStateAsync();
        var left = ++_capacityVersion;
        foreach (var dropped in previousQueues.Except(profile.QueueIds))
        {
            await Queue(dropped).AgentGone(_agentId, _incarnation, left);
        }
        await ReportCapacity();
        await ReportFigures();
        return profile;
    }

    Task<AgentStatus> IAgentGrain.GetStatus() => Task.FromResult(Status());

    Task<IReadOnlyList<string>> IAgentGrain.ServedQueues()
    {
        EnsureExists();
        return Task.FromResult(QueueIds());
    }

    async Task<Presence> IAgentGrain.SetPresence(Presence presence)
    {
        EnsureExists();
        await ChangePresence(presence, "set by the agent");
        return state.State.Presence;
    }

    async Task<Presence> IAgentGrain.ForcePresence(Presence presence)
    {
        EnsureExists();
        await ChangePresence(presence, "set by a supervisor");
        return state.State.Presence;
    }

    Task IAgentGrain.RefreshFigures() => state.State.Profile is null ? Task.CompletedTask : ReportFigures();

    Task<AgentStatus> IAgentGrain.AttachDesk(IGatewayHub hub, string connectionId)
    {
        EnsureExists();
        _hub = hub;
        _connectionId = connectionId;
        _pushed = 0;
        _graceTimer?.Dispose();
        _graceTimer = null;
        logger.LogInformation("Agent {Tenant}/{AgentId} desk connected", _tenant, _agentId);
        return Task.FromResult(Status());
    }

    Task IAgentGrain.DetachDesk(string connectionId)
    {
        if (_connectionId != connectionId)
        {
            return Task.CompletedTask;
        }
        _hub = null;
        _connectionId = null;
        logger.LogInformation("Agent {Tenant}/{AgentId} desk disconnected", _tenant, _agentId);
        if (state.State.Presence != Presence.Offline)
        {
            StartGraceTimer();
        }
        return Task.CompletedTask;
    }

    Task<long> IAgentGrain.DeskEventsSent(string connectionId) =>
        Task.FromResult(_connectionId is null ? -1 : _connectionId == connectionId ? _pushed : 0);

    async Task IAgentGrain.Offer(QueuedTicket ticket, LineStanding standing)
    {
        if (_claimedInFlight.Remove((ticket.TicketId, ticket.WaitSequence))
            || (_offers.TryGetValue(ticket.TicketId, out var held) && held.WaitSequence == ticket.WaitSequence))
        {
            // Already taken (or handed back) through a claim: the queue counts it as offered here, nothing to answer.
            return;
        }
        if (!CanHold(ticket))
        {
            // Tell the queue the truth with the answer, so it does not offer again on a stale view: what the agent has
            // free (in the answer's own message, so the two cannot arrive out of order), or first that it is gone (a
            // report from before it left, overtaken on the way by its leaving, seated it again).
            if (state.State.Presence == Presence.Available && Capacity() is { } capacity)
            {
                await Answer(ticket, OfferOutcome.Refused, capacity);
                await ReportCapacity(except: ticket.QueueId);
                return;
            }
            await Queue(ticket.QueueId).AgentGone(_agentId, _incarnation, ++_capacityVersion);
            await Answer(ticket, OfferOutcome.Refused);
            return;
        }
        var (chosen, handedBack) = await BestAcrossQueues(ticket, standing);
        if (handedBack.Count > 0)
        {
            // Took better work from another queue: the queues learn the capacity left before the offers come back.
            _offers[chosen.TicketId] = Hold(chosen);
            await ReportCapacity();
            foreach (var passed in handedBack)
            {
                await Answer(passed, OfferOutcome.Refused);
            }
        }
        else
        {
            _offers[chosen.TicketId] = Hold(chosen);
        }
        await Push(new OfferMade(_offers[chosen.TicketId].Offer));
        if (!state.State.Profile!.AutoAccept)
        {
            await ReportFigures();
        }
        else
        {
            // The accept reports the figures once it is through (or failed): a report of the offer alone would be stale at once.
            try
            {
                await AcceptOffer(chosen.TicketId);
            }
            catch (SwitchboardException e)
            {
                logger.LogInformation("Agent {Tenant}/{AgentId} could not auto-accept {TicketId}: {Reason}", _tenant, _agentId, chosen.TicketId, e.Message);
            }
        }
    }

    Task<TicketView> IAgentGrain.Accept(string ticketId) => AcceptOffer(ticketId);

    async Task IAgentGrain.Decline(string ticketId)
    {
        var offer = TakeOffer(ticketId)
            ?? throw SwitchboardException.Precondition($"Agent '{_agentId}' has no open offer for ticket {ticketId}; it may have expired.");
        _missedOffers = 0;
        await ReportCapacity();
        await Settle(offer, OfferOutcome.Declined);
        await ReportFigures();
    }

    Task IAgentGrain.NotifyTicketMessage(string ticketId, TranscriptEntry message) =>
        state.State.Assigned.ContainsKey(ticketId) ? Push(new TicketMessageAdded(ticketId, message)) : Task.CompletedTask;

    Task IAgentGrain.NotifySideConversationMessage(string ticketId, string sideConversationId, SideConversationEntry message) =>
        state.State.Assigned.ContainsKey(ticketId) ? Push(new SideConversationMessageAdded(ticketId, sideConversationId, message)) : Task.CompletedTask;

    async Task IAgentGrain.NotifyTicketReleased(string ticketId, TicketStatus status, long releasedAt)
    {
        if (_assignedFrom.TryGetValue(ticketId, out var waitedFrom) && releasedAt <= waitedFrom)
        {
            logger.LogDebug("Agent {Tenant}/{AgentId} ignored the release of ticket {TicketId} at {ReleasedAt}: it holds the ticket again since {WaitSequence}",
                _tenant, _agentId, ticketId, releasedAt, waitedFrom);
            return;
        }
        _assignedFrom.Remove(ticketId);
        if (!state.State.Assigned.Remove(ticketId, out var channel))
        {
            return;
        }
        if (status == TicketStatus.Solved)
        {
            CountHandled();
        }
        WriteRecordSoon();
        await ReportFigures();
        _idleSince = clock.GetUtcNow();
        await Push(new TicketReleased(ticketId, status));
        if (status == TicketStatus.Solved && state.State.Profile!.WrapUp.TryGetValue(channel, out var wrapUp) && wrapUp > TimeSpan.Zero)
        {
            // After-contact work keeps the capacity taken until it is over.
            _wrappingUp[ticketId] = channel;
            this.RegisterGrainTimer(EndWrapUp, ticketId, new GrainTimerCreationOptions(wrapUp, Timeout.InfiniteTimeSpan) { KeepAlive = true });
            return;
        }
        await ReportCapacity();
    }

    private async Task EndWrapUp(string ticketId, CancellationToken cancellationToken)
    {
        if (_wrappingUp.Remove(ticketId))
        {
            _idleSince = clock.GetUtcNow();
            await ReportCapacity();
        }
    }

    private async Task<TicketView> AcceptOffer(string ticketId)
    {
        if (!_offers.ContainsKey(ticketId))
        {
            throw SwitchboardException.Precondition($"Agent '{_agentId}' has no open offer for ticket {ticketId}; it may have expired or been withdrawn.");
        }
        var offer = TakeOffer(ticketId)!;
        TicketView ticket;
        try
        {
            ticket = await AssignToSelf(ticketId);
        }
        catch (SwitchboardException)
        {
            await Settle(offer, OfferOutcome.Gone);
            await Push(new OfferWithdrawn(ticketId, "the ticket no longer waits"));
            await ReportCapacity();
            await ReportFigures();
            throw;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The ticket could not be reached (its silo died, a timeout): the offer goes back to the queue, which offers
            // the ticket again. Without an answer the queue would hold it for this agent for good.
            logger.LogWarning(e, "Agent {Tenant}/{AgentId} could not reach ticket {TicketId} to accept it; handed back", _tenant, _agentId, ticketId);
            await Settle(offer, OfferOutcome.Refused);
            await Push(new OfferWithdrawn(ticketId, "the ticket could not be reached; it is offered again"));
            await ReportCapacity();
            await ReportFigures();
            throw;
        }
        // No write of the agent's own record here: the ticket's log and index, committed by Assign, already say whose
        // ticket it is, and an activation that replaces this one (its silo died) starts from the index (see
        // ReconcileAssigned). The assignment costs one durable write, the ticket's.
        state.State.Assigned[ticketId] = offer.Offer.Channel;
        _assignedFrom[ticketId] = offer.WaitSequence;
        // Idle (for "longest idle first") counts from the agent's last assignment or release: the next ticket goes to
        // an agent who has had none for longer, rather than filling this agent's every place first.
        _idleSince = clock.GetUtcNow();
        _missedOffers = 0;
        // The offering queue hears the answer and the capacity left in one message; the agent's other queues hear the capacity.
        var capacity = Capacity();
        await Settle(offer, OfferOutcome.Accepted, capacity);
        await Push(new TicketAssigned(ticket));
        await ReportCapacity(except: capacity is null ? null : offer.Offer.QueueId);
        await ReportFigures();
        return ticket;
    }

    private async Task ExpireOffer(string ticketId, CancellationToken cancellationToken)
    {
        var offer = TakeOffer(ticketId);
        if (offer is null)
        {
            return;
        }
        logger.LogInformation("Offer of {TicketId} to {Tenant}/{AgentId} timed out", ticketId, _tenant, _agentId);
        await Push(new OfferWithdrawn(ticketId, "timed out"));
        // Settle before reporting the freed capacity, or the queue hands it to the next ticket in line while this
        // one still counts as offered, and the timed-out ticket loses its place.
        await Settle(offer, OfferOutcome.TimedOut);
        _missedOffers++;
        if (_missedOffers >= _routing.MaxMissedOffers)
        {
            // Not responding: stop offering to a desk nobody is watching.
            _missedOffers = 0;
            await ChangePresence(Presence.Away, $"not responding: {_routing.MaxMissedOffers} offers missed in a row");
            return;
        }
        await ReportCapacity();
        await ReportFigures();
    }

    private async Task ChangePresence(Presence presence, string reason)
    {
        if (state.State.Presence != presence)
        {
            SwitchboardMetrics.AgentPresenceMoved(state.State.Presence, presence);
            state.State.Presence = presence;
            state.State.PresenceSince = clock.GetUtcNow();
            await state.WriteStateAsync();
            logger.LogInformation("Agent {Tenant}/{AgentId} is {Presence} ({Reason})", _tenant, _agentId, presence, reason);
            await Push(new PresenceChanged(presence, reason));
        }
        if (presence == Presence.Available)
        {
            StartRefreshTimer();
            await ReportCapacity();
            await ReportFigures();
            // After the queues heard of the agent: offers need not wait for the reminder table.
            await KeepAlive(true);
            return;
        }
        _refreshTimer?.Dispose();
        _refreshTimer = null;
        // Leave the queues first, so the offers handed back below are not offered straight back to this agent.
        var left = ++_capacityVersion;
        foreach (var queueId in QueueIds())
        {
            await Queue(queueId).AgentGone(_agentId, _incarnation, left);
        }
        foreach (var ticketId in _offers.Keys.ToArray())
        {
            var offer = TakeOffer(ticketId)!;
            await Push(new OfferWithdrawn(ticketId, $"agent is {presence}"));
            await Settle(offer, OfferOutcome.Refused);
        }
        if (presence == Presence.Offline && state.State.Assigned.Count > 0)
        {
            // Open work goes back in line rather than wait for someone who has left.
            foreach (var ticketId in state.State.Assigned.Keys.ToArray())
            {
                await GrainFactory.GetGrain<ITicketGrain>(GrainKey.For(_tenant, ticketId)).Unassign(_agentId, reason);
                state.State.Assigned.Remove(ticketId);
                _assignedFrom.Remove(ticketId);
                await Push(new TicketReleased(ticketId, TicketStatus.Open));
            }
            await state.WriteStateAsync();
        }
        await ReportFigures();
        await KeepAlive(presence != Presence.Offline);
    }

    /// <summary>Tells each queue the agent serves what it can take now (or that it is gone).</summary>
    private async Task ReportCapacity(string? except = null)
    {
        if (Capacity() is not { } capacity)
        {
            return;
        }
        // Queues the agent serves first hear first, so they get the first chance at free capacity.
        foreach (var queueId in QueueIdsByPriority())
        {
            if (queueId != except)
            {
                await Queue(queueId).AgentReady(capacity);
            }
        }
    }

    /// <summary>
    /// Assigns the ticket to this agent. A call lost because the ticket's silo was declared dead is made once more: the
    /// ticket's next activation answers it, and if the first call was committed before the silo died, assigning the
    /// same agent again changes nothing.
    /// </summary>
    private async Task<TicketView> AssignToSelf(string ticketId)
    {
        var ticket = GrainFactory.GetGrain<ITicketGrain>(GrainKey.For(_tenant, ticketId));
        try
        {
            return await ticket.Assign(_agentId);
        }
        catch (SiloUnavailableException)
        {
            return await ticket.Assign(_agentId);
        }
    }

    /// <summary>What the agent can take now, as its queues need to know it; null unless it is available.</summary>
    private AgentCapacity? Capacity()
    {
        if (state.State.Profile is not { } profile || state.State.Presence != Presence.Available)
        {
            return null;
        }
        return new AgentCapacity(_agentId, FreeCapacity(), _idleSince)
        {
            Skills = profile.Skills,
            Languages = profile.Languages,
            Incarnation = _incarnation,
            Version = ++_capacityVersion,
            HeldOffers = _offers.Count == 0 ? [] : [.. _offers.Keys],
        };
    }

    /// <summary>Tells the tenant's supervision grain how the agent stands now (one-way; it merges and throttles).</summary>
    private Task ReportFigures()
    {
        var profile = state.State.Profile!;
        var load = Load(profile, state.State.Assigned.Values);
        var since = state.State.PresenceSince == default ? _idleSince : state.State.PresenceSince;
        var handled = state.State.HandledOn == Today() ? state.State.HandledToday : 0;
        var rated = state.State.CsatOn == Today();
        var figures = new AgentFigures(_agentId, profile.DisplayName, state.State.Presence, since, load, handled, _offers.Count, QueueIds().ToArray())
        {
            CsatRatingsToday = rated ? state.State.CsatRatingsToday : 0,
            CsatSumToday = rated ? state.State.CsatSumToday : 0,
        };
        return (_supervision ??= GrainFactory.GetGrain<ISupervisionGrain>(_tenant)).AgentChanged(figures);
    }

    private static readonly ChannelKind[] Channels = Enum.GetValues<ChannelKind>();

    /// <summary>
    /// Each channel the agent has capacity on or holds work on, in channel order, with what is held and the capacity.
    /// Sent on every offer and assignment, so counted in one pass over the channels rather than by grouping and sorting.
    /// </summary>
    private static ChannelLoad[] Load(AgentProfile profile, IEnumerable<ChannelKind> assigned)
    {
        var channels = Channels;
        Span<int> held = stackalloc int[channels.Length];
        foreach (var channel in assigned)
        {
            if (Array.IndexOf(channels, channel) is var i and >= 0)
            {
                held[i]++;
            }
        }
        var load = new List<ChannelLoad>(channels.Length);
        for (var i = 0; i < channels.Length; i++)
        {
            if (held[i] > 0 || profile.Capacities.ContainsKey(channels[i]))
            {
                load.Add(new ChannelLoad(channels[i], held[i], profile.CapacityFor(channels[i])));
            }
        }
        return [.. load];
    }

    async Task IAgentGrain.RecordCsat(int rating)
    {
        var today = Today();
        if (state.State.CsatOn != today)
        {
            (state.State.CsatOn, state.State.CsatRatingsToday, state.State.CsatSumToday) = (today, 0, 0);
        }
        state.State.CsatRatingsToday++;
        state.State.CsatSumToday += rating;
        await state.WriteStateAsync();
        if (state.State.Profile is not null)
        {
            await ReportFigures();
        }
    }

    private void CountHandled()
    {
        var today = Today();
        if (state.State.HandledOn != today)
        {
            state.State.HandledOn = today;
            state.State.HandledToday = 0;
        }
        state.State.HandledToday++;
    }

    private DateOnly Today() => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    private IReadOnlyDictionary<ChannelKind, int> FreeCapacity() =>
        AgentWorkload.Free(state.State.Profile!, state.State.Assigned, _offers.Values.Select(o => o.Offer.Channel), _wrappingUp.Values);

    private bool CanHold(QueuedTicket ticket) =>
        state.State.Profile is not null && state.State.Presence == Presence.Available && !_offers.ContainsKey(ticket.TicketId)
        && !state.State.Assigned.ContainsKey(ticket.TicketId) && FreeCapacity().GetValueOrDefault(ticket.Channel) > 0;

    /// <summary>
    /// The agent is the arbiter across its queues: before holding an offer it asks each queue it serves at the
    /// same or a higher priority for a ticket that ranks before it by (the agent's queue priority, the ticket's
    /// priority, the queue's ordering), and keeps the best. Queues answer from their lines without calling back,
    /// and a claimed ticket is set aside for this agent, so no other agent is offered it meanwhile. Returns the
    /// ticket to hold and the ones to hand back.
    /// </summary>
    private async Task<(QueuedTicket Chosen, List<QueuedTicket> HandedBack)> BestAcrossQueues(QueuedTicket offered, LineStanding standing)
    {
        var profile = state.State.Profile!;
        var handedBack = new List<QueuedTicket>();
        var queues = QueueIds();
        // An agent serving only the offering queue (the common case) has no competitor to ask.
        if (queues.Count == 1 && queues[0] == offered.QueueId)
        {
            return (offered, handedBack);
        }
        var competitors = queues.Where(q => q != offered.QueueId).OrderBy(profile.PriorityFor).ThenBy(q => q, StringComparer.Ordinal).ToArray();
        if (competitors.Length == 0)
        {
            return (offered, handedBack);
        }
        var (best, bestStanding, bestRank) = (offered, standing, profile.PriorityFor(offered.QueueId));
        // Nothing is held for the candidates yet, so the free capacity is what the best would leave if handed back.
        var capacity = new AgentCapacity(_agentId, FreeCapacity(), _idleSince) { Skills = profile.Skills, Languages = profile.Languages };
        var held = _offers.Keys.ToArray();
        foreach (var queueId in competitors)
        {
            var rank = profile.PriorityFor(queueId);
            if (rank > bestRank)
            {
                break;
            }
            var claimed = await Queue(queueId).Claim(capacity, rank < bestRank ? null : bestStanding, held);
            if (claimed is null || (claimed.AlreadyOffered && _answered.Contains(claimed.Ticket.TicketId, claimed.Ticket.WaitSequence)))
            {
                continue;
            }
            if (claimed.AlreadyOffered)
            {
                _claimedInFlight.Add((claimed.Ticket.TicketId, claimed.Ticket.WaitSequence));
            }
            handedBack.Add(best);
            (best, bestStanding, bestRank) = (claimed.Ticket, claimed.Standing, rank);
        }
        return (best, handedBack);
    }

    private PendingOffer Hold(QueuedTicket ticket)
    {
        var offer = new OfferView(ticket.TicketId, ticket.QueueId, ticket.Channel, ticket.CustomerId, ticket.Preview, clock.GetUtcNow() + _routing.OfferTimeout);
        var timer = state.State.Profile!.AutoAccept
            ? null
            : this.RegisterGrainTimer(ExpireOffer, ticket.TicketId, new GrainTimerCreationOptions(_routing.OfferTimeout, Timeout.InfiniteTimeSpan));
        return new PendingOffer(offer, ticket.WaitSequence, timer);
    }

    private PendingOffer? TakeOffer(string ticketId)
    {
        if (!_offers.Remove(ticketId, out var pending))
        {
            return null;
        }
        pending.Timer?.Dispose();
        return pending;
    }

    /// <summary>
    /// Tells the offering queue how the offer ended, naming the wait it was made in; with <paramref name="capacity"/>,
    /// what the agent can take now goes in the same message.
    /// </summary>
    private Task Settle(PendingOffer offer, OfferOutcome outcome, AgentCapacity? capacity = null) =>
        Answered(offer.Offer.QueueId, offer.Offer.TicketId, offer.WaitSequence, outcome, capacity);

    /// <summary>Answers an offer the agent does not hold (refused, or handed back for a better one).</summary>
    private Task Answer(QueuedTicket ticket, OfferOutcome outcome, AgentCapacity? capacity = null) =>
        Answered(ticket.QueueId, ticket.TicketId, ticket.WaitSequence, outcome, capacity);

    private Task Answered(string queueId, string ticketId, long waitSequence, OfferOutcome outcome, AgentCapacity? capacity)
    {
        _answered.Add(ticketId, waitSequence);
        var queue = Queue(queueId);
        return capacity is null
            ? queue.OfferSettled(ticketId, _agentId, outcome, waitSequence)
            : queue.OfferSettled(ticketId, _agentId, outcome, waitSequence, capacity);
    }

    private void StartGraceTimer()
    {
        _graceTimer?.Dispose();
        _graceTimer = this.RegisterGrainTimer(
            async _ =>
            {
                _graceTimer?.Dispose();
                _graceTimer = null;
                if (_connectionId is null)
                {
                    await ChangePresence(Presence.Offline, "desk disconnected");
                }
            },
            new GrainTimerCreationOptions(_routing.DeskGracePeriod, Timeout.InfiniteTimeSpan) { KeepAlive = true });
    }

    private void StartRefreshTimer()
    {
        _refreshTimer ??= this.RegisterGrainTimer(
            _ => ReportCapacity(),
            new GrainTimerCreationOptions(_routing.AgentRefreshInterval, _routing.AgentRefreshInterval) { KeepAlive = true });
    }

    private Task Push(DeskEvent deskEvent)
    {
        if (_hub is null || _connectionId is null)
        {
            return Task.CompletedTask;
        }
        _pushed++;
        return _hub.DeliverToDesk(_connectionId, deskEvent);
    }

    private IReadOnlyList<string> QueueIds() => state.State.Profile?.QueueIds is { Count: > 0 } ids ? ids : DefaultQueueIds;

    private static readonly IReadOnlyList<string> DefaultQueueIds = [AgentProfile.DefaultQueueId];

    /// <summary>The queues the agent serves in the order it serves them: by its priority for each, the profile's order among equals.</summary>
    private IEnumerable<string> QueueIdsByPriority() =>
        QueueIds() is { Count: 1 } one ? one : QueueIds().OrderBy(state.State.Profile!.PriorityFor);

    private IQueueGrain Queue(string queueId) => GrainFactory.GetGrain<IQueueGrain>(GrainKey.For(_tenant, queueId));

    private void EnsureExists()
    {
        if (state.State.Profile is null)
        {
            DeactivateOnIdle();
            throw SwitchboardException.NotFound($"Agent '{_agentId}' does not exist; create it with AdminService.UpsertAgent.");
        }
    }

    private AgentStatus Status()
    {
        EnsureExists();
        return new AgentStatus(state.State.Profile!, state.State.Presence, state.State.Assigned.Keys.Order(StringComparer.Ordinal).ToArray(),
            _offers.Values.Select(o => o.Offer).ToArray(), _connectionId is not null);
    }

    private sealed record PendingOffer(OfferView Offer, long WaitSequence, IGrainTimer? Timer);
}
