using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Placement;
using Orleans.Storage;
using Switchboard.Contracts;
using Switchboard.Contracts.Agents;
using Switchboard.Contracts.Channels;
using Switchboard.Contracts.Customers;
using Switchboard.Contracts.Routing;
using Switchboard.Contracts.Supervision;
using Switchboard.Contracts.Telemetry;
using Switchboard.Contracts.Tickets;
using Switchboard.Silo.Customers;
using Switchboard.Silo.Storage;
using Switchboard.Silo.Storage.Sqlite;
using Switchboard.Silo.Tickets.Events;
using Switchboard.Silo.Tickets.Fields;
using Switchboard.Silo.Tickets.Macros;
using Switchboard.Silo.Tickets.Sla;

namespace Switchboard.Silo.Tickets;

/// <summary>
/// A ticket: every change is an event appended to its log first, then applied. Appends cost the same at
/// any length (one row each); the state is rebuilt from the log on activation.
/// </summary>
/// <remarks>
/// Placed on the silo that first calls it, which on the message path is its conversation's: the conversation's calls
/// to it, and its own to the customer's address, then stay inside one silo (see <see cref="ConversationGrain"/>).
/// </remarks>
[PreferLocalPlacement]
public sealed class TicketGrain(ITicketLogStore store, TimeProvider clock, IOptions<TicketOptions> options, ILogger<TicketGrain> logger)
    : Grain, ITicketGrain, IRemindable
{
    private const string AutoCloseReminder = "auto-close";
    private const string SlaReminder = "sla";

    /// <summary>Reminders repeat at least this often (the Orleans minimum); a repeat retries a tick that failed.</summary>
    private static readonly TimeSpan ReminderRetry = TimeSpan.FromMinutes(1);

    /// <summary>A reminder may fire a little early; what is due within this is treated as due.</summary>
    private static readonly TimeSpan ReminderSlack = TimeSpan.FromSeconds(1);

    /// <summary>The survey's text for adapters that show it as a plain message; most render their own rating widget.</summary>
    private const string CsatQuestion = "How would you rate the help you received? Answer from 1 (poor) to 5 (great).";

    private readonly TicketState _state = new();
    private string _tenant = "";
    private string _ticketId = "";

    /// <summary>What the SLA policy was last matched for: it is matched again when one of these changes.</summary>
    private (TicketPriority, string, ChannelKind)? _slaMatchedFor;

    /// <summary>When the SLA reminder is set to fire; null when unknown (fresh activation) or none is set.</summary>
    private DateTimeOffset? _slaAlarmAt;

    /// <summary>
    /// When this activation last stored a customer message (its conversation called it then); null when it has not.
    /// A conversation that called within its idle age is likely still in memory, and is told when the ticket ends.
    /// </summary>
    private DateTimeOffset? _conversationCalledAt;

    /// <summary>
    /// The index row as this activation's last append stored it; null before its first append and after anything else
    /// rewrote the row (an erasure). An append that moves only the row's position then writes just that.
    /// </summary>
    private TicketIndexRow? _storedIndex;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (_tenant, _ticketId) = GrainKey.Parse(this.GetPrimaryKeyString());
        foreach (var stored in await store.ReadAsync(_tenant, _ticketId, cancellationToken))
        {
            _state.Apply(stored.Sequence, TicketEventCodec.Decode(stored));
        }
        if (_state.Exists)
        {
            _slaMatchedFor = SlaMatchKey();
            if (_state.Sla.NextAlarm() is not null)
            {
                // Sets the reminder again in case the last activation stopped between an append and its reminder.
                await ScheduleSlaAlarm(force: true);
            }
        }
    }

    async Task<InboundReceipt?> ITicketGrain.Receive(CustomerMessage message, string? followUpOf) => (await ReceiveAll([message], followUpOf))[0];

    Task<IReadOnlyList<InboundReceipt?>> ITicketGrain.ReceiveAll(IReadOnlyList<CustomerMessage> messages, string? followUpOf) =>
        ReceiveAll(messages, followUpOf);

    /// <summary>
    /// Takes each message as if it came alone, in order (each sees the state the ones before it left), and stores
    /// all of their events in one append, so a batch costs one write and one commit.
    /// </summary>
    private async Task<IReadOnlyList<InboundReceipt?>> ReceiveAll(IReadOnlyList<CustomerMessage> messages, string? followUpOf)
    {
        var receipts = new InboundReceipt?[messages.Count];
        _conversationCalledAt = clock.GetUtcNow();
        if (_state.Status == TicketStatus.Closed)
        {
            await ReceiveClosed(messages, receipts);
            return receipts;
        }

        var expected = _state.LastSequence;
        var rows = new List<StoredEvent>(messages.Count * 2);
        var enqueue = false;
        var opened = default(ChannelKind?);
        List<(string AgentId, TranscriptEntry Entry)>? notices = null;
        try
        {
            for (var i = 0; i < messages.Count; i++)
            {
                var message = messages[i];
                if (_state.SequenceOf(message.AdapterMessageId) is { } known)
                {
                    receipts[i] = new InboundReceipt(_ticketId, known, Duplicate: true) { CustomerId = _state.CustomerId };
                    continue;
                }
                var opening = !_state.Exists;
                var reopening = _state.Status == TicketStatus.Solved;
                var events = await MessageEvents(message, followUpOf, opening, reopening);
                var dueBefore = SlaDueAt();
                var first = Stage(rows, events);
                receipts[i] = new InboundReceipt(_ticketId, first + (opening || reopening ? 1 : 0), Duplicate: false) { CustomerId = _state.CustomerId };
                if (opening || reopening || (_state.IsWaiting && SlaDueAt() != dueBefore))
                {
                    // A message to a waiting ticket may start its next-reply clock: the queue then ranks it by the
                    // new due time.
                    enqueue = true;
                }
                else if (_state.AssigneeAgentId is { } assignee && _state.Status != TicketStatus.Solved)
                {
                    (notices ??= []).Add((assignee, _state.Transcript[^1]));
                }
                opened = opening ? message.Channel : opened;
            }
        }
        catch when (rows.Count > 0)
        {
            // The state already holds events that will never be in the log: start again from the log.
            DeactivateOnIdle();
            throw;
        }
        if (rows.Count == 0)
        {
            return receipts;
        }

        await Commit(expected, rows);
        await KeepSlaCurrent();
        if (enqueue)
        {
            // The ticket is durable in its log and index, which is all routing needs (and all the customer's ticket
            // history needs: it is read from the index).
            await EnqueueSelf();
        }
        foreach (var (agentId, entry) in notices ?? [])
        {
            await Agent(agentId).NotifyTicketMessage(_ticketId, entry);
        }
        if (opened is { } channel)
        {
            // Nothing to tell the customer: its history is the index, written with the opening append.
            SwitchboardMetrics.TicketOpened(channel);
            logger.LogInformation("Ticket {Tenant}/{TicketId} opened on {Channel}", _tenant, _ticketId, channel);
        }
        return receipts;
    }

    /// <summary>
    /// A closed ticket answers retries of what it stored; a merged one passes the rest on to the ticket it was merged
    /// into (where its conversation carries on), any other leaves them unanswered for a follow-up.
    /// </summary>
    private async Task ReceiveClosed(IReadOnlyList<CustomerMessage> messages, InboundReceipt?[] receipts)
    {
        var rest = new List<int>();
        for (var i = 0; i < messages.Count; i++)
        {
            if (_state.SequenceOf(messages[i].AdapterMessageId) is { } known)
            {
                receipts[i] = new InboundReceipt(_ticketId, known, Duplicate: true) { CustomerId = _state.CustomerId };
            }
            else
            {
                rest.Add(i);
            }
        }
        if (rest.Count > 0 && _state.MergedInto is { } target)
        {
            var forwarded = await Ticket(target).ReceiveAll(rest.ConvertAll(i => messages[i]), followUpOf: null);
            for (var j = 0; j < rest.Count; j++)
            {
                receipts[rest[j]] = forwarded[j];
            }
        }
    }

    /// <summary>The events one customer message leads to, given the ticket's state before it.</summary>
    private async Task<List<TicketEvent>> MessageEvents(CustomerMessage message, string? followUpOf, bool opening, bool reopening)
    {
        var now = clock.GetUtcNow();
        var received = new CustomerMessageReceived(now, message.AdapterMessageId, message.Body, message.SentAt);
        var events = new List<TicketEvent>(3);
        if (opening)
        {
            // The queue does not depend on the customer: both are asked at once, the message's ack waits for one round trip.
            // The SLA policy depends on the queue alone, so it is matched as soon as the queue is known, beside the
            // customer's lookups rather than after them.
            var routing = GrainFactory.GetGrain<ITenantRoutingGrain>(_tenant).Route(message.Channel, message.Language, message.Brand);
            var priority = _state.TicketPriority;
            var sla = MatchOnceRouted(routing, priority, message.Channel, message.Brand);
            var customerId = message.CustomerId is { Length: > 0 } resolved
                ? resolved
                : await CustomerDirectoryGrain.ResolveStored(ServiceProvider.GetRequiredKeyedService<IGrainStorage>(SqliteStorageExtensions.StorageName),
                    GrainFactory.GetGrain<ICustomerDirectoryGrain>(GrainKey.For(_tenant, CustomerIdentity.Of(message.Channel, message.SenderAddress))).GetGrainId());
            events.Add(new TicketOpened(now, message.AdapterId, message.Channel, message.ConversationId, customerId, message.SenderAddress, followUpOf,
                message.Language, message.Brand, string.IsNullOrWhiteSpace(message.SenderName) ? null : message.SenderName));
            // The customer's last agent, from their tickets' index rows: the customer's own grain is not activated.
            var preferred = await store.ReadPreferredAgentAsync(_tenant, customerId, CancellationToken.None);
            var queueId = await routing;
            events.Add(received);
            events.Add(new TicketQueued(now, queueId, Priority: 0, WaitingSince: now, PreferredAgentId: preferred));
            // The SLA policy goes on the opening append too, so a new ticket is one write, not two.
            if (await sla is { } policy)
            {
                events.Add(SlaApplied(now, policy));
            }
            _slaMatchedFor = (priority, queueId, message.Channel);
        }
        else if (reopening)
        {
            events.Add(new TicketReopened(now));
            events.Add(received);
            events.Add(new TicketQueued(now, _state.QueueId, _state.Priority, WaitingSince: now, PreferredAgentId: _state.LastAgentId));
        }
        else
        {
            events.Add(received);
            if (TicketWorkflow.IsPaused(_state.Status))
            {
                // The customer answered: the ticket is no longer waiting on them.
                events.Add(new TicketUpdated(now, null, new TicketChanges { Status = TicketStatus.Open }));
            }
        }
        return events;
    }

    async Task<TicketView> ITicketGrain.Assign(string agentId)
    {
        EnsureExists();
        if (_state.AssigneeAgentId == agentId && _state.Status is not (TicketStatus.Solved or TicketStatus.Closed))
        {
            // The same agent again: its first call was committed, and the answer lost with a silo.
            return View();
        }
        if (!_state.IsWaiting)
        {
            throw SwitchboardException.Precondition(
                $"Ticket {_ticketId} is not waiting for an agent (status {_state.Status}, assignee '{_state.AssigneeAgentId}').");
        }
        // The index row this append writes names the agent: it is the customer's preferred agent from now on.
        await Append([new TicketAssignedTo(clock.GetUtcNow(), agentId)]);
        logger.LogInformation("Ticket {Tenant}/{TicketId} assigned to {AgentId}", _tenant, _ticketId, agentId);
        return View();
    }

    async Task<long> ITicketGrain.Reply(string agentId, string body)
    {
        EnsureAssignedTo(agentId, "reply to");
        if (_state.Status is TicketStatus.Closed)
        {
            throw SwitchboardException.Precondition($"Ticket {_ticketId} is closed; replies go to a follow-up ticket.");
        }
        var now = clock.GetUtcNow();
        var sequence = await Append([new AgentReplied(now, agentId, body)]);
        await Deliver(sequence, body, agentId, now);
        return sequence;
    }

    async Task<TicketStatus> ITicketGrain.Solve(string agentId)
    {
        EnsureAssignedTo(agentId, "solve");
        if (_state.Status is TicketStatus.Solved or TicketStatus.Closed)
        {
            return _state.Status;
        }
        await Append([new TicketSolved(clock.GetUtcNow(), agentId)]);
        await AfterSolved(agentId);
        return _state.Status;
    }

    async Task ITicketGrain.Transfer(string agentId, string? targetQueueId, string? targetAgentId)
    {
        EnsureAssignedTo(agentId, "transfer");
        if (_state.Status is TicketStatus.Solved or TicketStatus.Closed)
        {
            throw SwitchboardException.Precondition($"Ticket {_ticketId} is {_state.Status}; only open work can be transferred.");
        }
        var queueId = targetQueueId ?? _state.QueueId;
        await GrainFactory.GetGrain<ITenantRoutingGrain>(_tenant).GetQueue(queueId);
        if (targetAgentId is not null)
        {
            await EnsureServes(targetAgentId, queueId);
        }
        var now = clock.GetUtcNow();
        // The release is dated by the transfer, not by the wait after it, which the agent may be offered again.
        var transferredAt = await Append([
            new TicketTransferred(now, agentId, queueId, targetAgentId),
            new TicketQueued(now, queueId, _state.Priority, WaitingSince: now, TargetAgentId: targetAgentId),
        ]);
        await Agent(agentId).NotifyTicketReleased(_ticketId, _state.Status, transferredAt);
        logger.LogInformation("Ticket {Tenant}/{TicketId} transferred by {AgentId} to queue {QueueId}", _tenant, _ticketId, agentId, queueId);
        await EnqueueSelf();
    }

    /// <summary>A transfer names an agent that exists and serves the queue the ticket goes to, or changes nothing.</summary>
    private async Task EnsureServes(string agentId, string queueId)
    {
        IReadOnlyList<string> serves;
        try
        {
            // Not GetStatus: this ticket holds its turn while it asks, and the agent may be waiting on this ticket.
            serves = await Agent(agentId).ServedQueues();
        }
        catch (SwitchboardException e) when (e.Error == SwitchboardError.NotFound)
        {
            throw SwitchboardException.Precondition($"Ticket {_ticketId} cannot be transferred to agent '{agentId}': there is no such agent; pick an existing agent or transfer to a queue only.");
        }
        if (!serves.Contains(queueId, StringComparer.Ordinal))
        {
            throw SwitchboardException.Precondition(
                $"Ticket {_ticketId} cannot be transferred to agent '{agentId}' in queue '{queueId}': that agent serves only {string.Join(", ", serves.Select(q => $"'{q}'"))}; name one of those queues or another agent.");
        }
    }

    async Task ITicketGrain.Unassign(string agentId, string reason)
    {
        if (!_state.Exists || _state.AssigneeAgentId != agentId || _state.Status is TicketStatus.Solved or TicketStatus.Closed)
        {
            return;
        }
        var now = clock.GetUtcNow();
        await Append([
            new TicketUnassigned(now, agentId, reason),
            new TicketQueued(now, _state.QueueId, _state.Priority, WaitingSince: _state.LineSince),
        ]);
        logger.LogInformation("Ticket {Tenant}/{TicketId} back in line: {AgentId} {Reason}", _tenant, _ticketId, agentId, reason);
        await EnqueueSelf();
    }

    async Task ITicketGrain.Overflow(string fromQueueId, string toQueueId)
    {
        if (!_state.IsWaiting || _state.QueueId != fromQueueId)
        {
            return;
        }
        await Append([new TicketQueued(clock.GetUtcNow(), toQueueId, _state.Priority, _state.WaitingSince!.Value, _state.PreferredAgentId, _state.TargetAgentId)]);
        logger.LogInformation("Ticket {Tenant}/{TicketId} overflowed from {From} to {To}", _tenant, _ticketId, fromQueueId, toQueueId);
        await EnqueueSelf();
    }

    async Task ITicketGrain.ReprioritizeWaiting(int priority)
    {
        EnsureExists();
        if (!_state.IsWaiting)
        {
            throw SwitchboardException.Precondition(
                $"Ticket {_ticketId} is not waiting in a queue (status {_state.Status}); only a waiting ticket's priority can be changed.");
        }
        if (priority == _state.PriorityBoost)
        {
            return;
        }
        await Append([new WaitingTicketReprioritized(clock.GetUtcNow(), priority)]);
        logger.LogInformation("Ticket {Tenant}/{TicketId} boosted by {Boost} while waiting (routing priority {Priority})",
            _tenant, _ticketId, priority, _state.Priority);
        await EnqueueSelf();
    }

    async Task ITicketGrain.EraseCustomer()
    {
        if (!_state.Exists)
        {
            return;
        }
        if (_state.CustomerErasedAt is null)
        {
            await Write([new CustomerErased(clock.GetUtcNow(), _state.CustomerId)]);
        }
        // The entry comes first, so a failed rewrite is finished by a retry and the fold already shows it erased.
        _storedIndex = null;
        await store.RedactCustomerAsync(_tenant, _ticketId, CancellationToken.None);
        // Replies still waiting for the customer's adapter carry their address and words: they go too.
        await Outbox(_state.AdapterId).ForgetCustomerDeliveries(_ticketId);
        logger.LogInformation("Ticket {Tenant}/{TicketId}: customer data erased", _tenant, _ticketId);
    }

    async Task<TicketStatus> ITicketGrain.Close()
    {
        EnsureExists();
        if (_state.Status == TicketStatus.Closed)
        {
            return _state.Status;
        }
        if (_state.Status != TicketStatus.Solved)
        {
            throw SwitchboardException.Precondition($"Ticket {_ticketId} is {_state.Status}; only a solved ticket can be closed.");
        }
        await Append([new TicketClosed(clock.GetUtcNow())]);
        return _state.Status;
    }

    Task ITicketGrain.CheckAbsorb(string sourceTicketId)
    {
        EnsureChangeable();
        if (sourceTicketId == _ticketId)
        {
            throw SwitchboardException.Invalid("source_ticket_id", "is the target ticket itself; name two different tickets");
        }
        return Task.CompletedTask;
    }

    async Task<TicketView> ITicketGrain.RecordMergedFrom(string agentId, string sourceTicketId)
    {
        // The source is already closed with its link here, so this is recorded even if this ticket closed meanwhile.
        EnsureExists();
        await Append([new TicketMergedFrom(clock.GetUtcNow(), agentId, sourceTicketId)]);
        logger.LogInformation("Ticket {Tenant}/{SourceTicketId} merged into {TicketId} by {AgentId}", _tenant, sourceTicketId, _ticketId, agentId);
        return View();
    }

    async Task ITicketGrain.MergeInto(string agentId, string targetTicketId, string customerId)
    {
        EnsureChangeable();
        if (_state.CustomerId != customerId)
        {
            throw SwitchboardException.Precondition(
                $"Ticket {_ticketId} belongs to another customer than ticket {targetTicketId}; only one customer's tickets can be merged.");
        }
        var (waitingIn, assignee) = (_state.IsWaiting ? _state.QueueId : null, _state.AssigneeAgentId);
        var now = clock.GetUtcNow();
        await Append([new TicketMergedInto(now, agentId, targetTicketId), new TicketClosed(now)]);
        if (waitingIn is not null)
        {
            await GrainFactory.GetGrain<IQueueGrain>(GrainKey.For(_tenant, waitingIn)).Remove(_ticketId);
        }
        if (assignee is not null)
        {
            await Agent(assignee).NotifyTicketReleased(_ticketId, _state.Status, _state.LastSequence);
        }
    }

    async Task<SideConversationReceipt> ITicketGrain.StartSideConversation(string agentId, SideConversationDraft draft)
    {
        EnsureChangeable();
        if (_state.SideConversations.Count >= TicketLimits.MaxSideConversations)
        {
            throw SwitchboardException.Precondition(
                $"Ticket {_ticketId} already has {TicketLimits.MaxSideConversations} side conversations; reply in one of them instead.");
        }
        var now = clock.GetUtcNow();
        var started = new SideConversationStarted(now, $"sc-{_state.LastSequence + 1}", agentId, draft.AdapterId, draft.Channel, draft.RecipientAddress,
            draft.Subject, draft.Body);
        var sequence = await Append([started]);
        await DeliverSide(sequence, _state.SideConversations.Find(started.SideConversationId)!, draft.Body, agentId, now);
        logger.LogInformation("Ticket {Tenant}/{TicketId}: {AgentId} started side conversation {SideConversationId} through {AdapterId}",
            _tenant, _ticketId, agentId, started.SideConversationId, draft.AdapterId);
        return new SideConversationReceipt(started.SideConversationId, sequence, Duplicate: false);
    }

    async Task<SideConversationReceipt> ITicketGrain.ReplySideConversation(string agentId, string sideConversationId, string body)
    {
        var thread = SideConversation(sideConversationId);
        if (!thread.Open)
        {
            throw SwitchboardException.Precondition(
                $"Side conversation {sideConversationId} of ticket {_ticketId} is closed; start a new one, or wait for the third party to write back.");
        }
        var now = clock.GetUtcNow();
        var sequence = await Append([new SideConversationReplied(now, sideConversationId, agentId, body)]);
        await DeliverSide(sequence, thread, body, agentId, now);
        return new SideConversationReceipt(sideConversationId, sequence, Duplicate: false);
    }

    async Task ITicketGrain.CloseSideConversation(string agentId, string sideConversationId)
    {
        if (SideConversation(sideConversationId).Open)
        {
            await Append([new SideConversationClosed(clock.GetUtcNow(), sideConversationId, agentId)]);
        }
    }

    async Task<SideConversationReceipt> ITicketGrain.ReceiveSideMessage(ThirdPartyMessage message)
    {
        EnsureExists();
        if (_state.SideConversations.SequenceOf(message.SideConversationId, message.AdapterMessageId) is { } known)
        {
            return new SideConversationReceipt(message.SideConversationId, known, Duplicate: true);
        }
        var thread = SideConversation(message.SideConversationId);
        if (thread.AdapterId != message.AdapterId)
        {
            throw SwitchboardException.Precondition(
                $"Side conversation {message.SideConversationId} of ticket {_ticketId} goes through adapter '{thread.AdapterId}', not '{message.AdapterId}'.");
        }
        var sequence = await Append([new SideConversationMessageReceived(clock.GetUtcNow(), message.SideConversationId, message.AdapterMessageId,
            message.SenderAddress, message.Body, message.SentAt)]);
        logger.LogInformation("Ticket {Tenant}/{TicketId}: reply in side conversation {SideConversationId}", _tenant, _ticketId, message.SideConversationId);
        if (_state.AssigneeAgentId is { } assignee)
        {
            var entry = _state.SideConversations.Find(message.SideConversationId)!.Messages[^1];
            await Agent(assignee).NotifySideConversationMessage(_ticketId, message.SideConversationId, entry);
        }
        return new SideConversationReceipt(message.SideConversationId, sequence, Duplicate: false);
    }

    /// <summary>The ticket's side conversation by id, on a ticket that can still change.</summary>
    private SideConversationView SideConversation(string sideConversationId)
    {
        EnsureChangeable();
        return _state.SideConversations.Find(sideConversationId)
            ?? throw SwitchboardException.NotFound($"Ticket {_ticketId} has no side conversation '{sideConversationId}'.");
    }

    private Task<long> DeliverSide(long sequence, SideConversationView thread, string body, string agentId, DateTimeOffset at) =>
        Outbox(thread.AdapterId).Enqueue(new OutboundDelivery(0, _ticketId, sequence, thread.SideConversationId, thread.Channel, thread.RecipientAddress,
            body, agentId, at) { Kind = OutboundKind.SideConversation, SideConversationId = thread.SideConversationId, Subject = thread.Subject });

    async Task<bool> ITicketGrain.Abandon()
    {
        EnsureExists();
        if (_state.Abandoned)
        {
            return true;
        }
        if (!TicketWorkflow.CanBeAbandoned(_state.IsWaiting, _state.LastAgentId))
        {
            return false;
        }
        var queueId = _state.QueueId;
        var now = clock.GetUtcNow();
        await Append([new TicketAbandoned(now, queueId), new TicketClosed(now)]);
        await GrainFactory.GetGrain<IQueueGrain>(GrainKey.For(_tenant, queueId)).Remove(_ticketId);
        await GrainFactory.GetGrain<ISupervisionGrain>(_tenant).TicketAbandoned(queueId);
        logger.LogInformation("Ticket {Tenant}/{TicketId} abandoned while waiting in {QueueId}", _tenant, _ticketId, queueId);
        return true;
    }

    Task<TicketPage> ITicketGrain.GetPage(int pageSize, long? beforeSequence)
    {
        EnsureExists();
        var older = _state.Transcript.Where(e => beforeSequence is not { } before || e.Sequence < before).ToArray();
        var page = older.Reverse().Take(pageSize).ToArray();
        var next = older.Length > page.Length ? page[^1].Sequence : (long?)null;
        return Task.FromResult(new TicketPage(View(page), next));
    }

    async Task<AuditPage> ITicketGrain.ListEvents(int pageSize, long afterSequence)
    {
        EnsureExists();
        // From the store, not memory: the audit trail is asked for seldom, and holding every ticket's events for it
        // doubled what a waiting ticket kept (see TicketState.LastEventAt).
        IReadOnlyList<StoredEvent> log;
        try
        {
            log = await store.ReadAsync(_tenant, _ticketId, CancellationToken.None);
        }
        catch (System.Data.Common.DbException e)
        {
            throw StorageUnavailableException.Of(e,
                $"Storage could not read ticket {_ticketId}'s history just now ({e.GetType().Name}); nothing changed. Ask again.",
                $"a read of ticket {_tenant}/{_ticketId}'s log");
        }
        var later = log.Where(e => e.Sequence > afterSequence).ToArray();
        var page = later.Take(pageSize).Select(e => TicketAudit.Describe(e.Sequence, TicketEventCodec.Decode(e), _state.CustomerId)).ToArray();
        var next = later.Length > page.Length ? page[^1].Sequence : (long?)null;
        return new AuditPage(page, next);
    }

    Task<bool> ITicketGrain.Exists() => Task.FromResult(_state.Exists);

    Task<TicketSummary> ITicketGrain.Summarize()
    {
        EnsureExists();
        return Task.FromResult(new TicketSummary(_ticketId, _state.Status, _state.TicketPriority, _state.Channel, _state.Subject, _state.Preview,
            _state.AssigneeAgentId, _state.CreatedAt, _state.LastEventAt));
    }

    async Task<TicketView> ITicketGrain.Update(string agentId, TicketChanges changes)
    {
        var effective = await Decide(agentId, changes);
        if (!effective.IsEmpty)
        {
            var (status, priority) = (_state.Status, _state.TicketPriority);
            await Append([new TicketUpdated(clock.GetUtcNow(), agentId, effective)]);
            logger.LogInformation("Ticket {Tenant}/{TicketId} updated by {AgentId}", _tenant, _ticketId, agentId);
            await AfterChanges(status, priority, agentId);
        }
        return View();
    }

    async Task<long> ITicketGrain.AddNote(string agentId, string body)
    {
        EnsureChangeable();
        var sequence = await Append([new InternalNoteAdded(clock.GetUtcNow(), agentId, body)]);
        if (_state.AssigneeAgentId is { } assignee && assignee != agentId && _state.Status != TicketStatus.Solved)
        {
            await Agent(assignee).NotifyTicketMessage(_ticketId, _state.Transcript[^1]);
        }
        return sequence;
    }

    async Task<TicketView> ITicketGrain.ApplyMacro(string agentId, string agentName, string macroId)
    {
        EnsureAssignedTo(agentId, "apply a macro to");
        var macro = await Ticketing().GetMacro(macroId);
        var changes = await Decide(agentId, macro.Changes);
        var reply = macro.ReplyTemplate is { Length: > 0 } template ? await RenderReply(template, agentName) : null;
        if (changes.IsEmpty && reply is null)
        {
            return View();
        }
        var now = clock.GetUtcNow();
        var (status, priority) = (_state.Status, _state.TicketPriority);
        var sequence = await Append([new MacroApplied(now, agentId, macroId, changes, reply)]);
        logger.LogInformation("Ticket {Tenant}/{TicketId}: {AgentId} applied macro {MacroId}", _tenant, _ticketId, agentId, macroId);
        if (reply is not null)
        {
            await Deliver(sequence, reply, agentId, now);
        }
        await AfterChanges(status, priority, agentId);
        return View();
    }

    async Task IRemindable.ReceiveReminder(string reminderName, TickStatus status)
    {
        switch (reminderName)
        {
            case AutoCloseReminder:
                // Set by versions that kept one reminder per solved ticket: it closes the ticket if due and goes. A
                // ticket solved again since is in the index as solved, where the tenant's sweeper finds it.
                await CloseIfDue();
                await ForgetReminder(AutoCloseReminder);
                break;
            case SlaReminder:
                await RecordSlaAlarms();
                break;
        }
    }

    /// <summary>Puts due SLA warnings and breaches on the log; a breach may raise the ticket's priority.</summary>
    private async Task RecordSlaAlarms()
    {
        var now = clock.GetUtcNow();
        IReadOnlyList<SlaAlarm> alarms = _state.Exists ? _state.Sla.Due(now + ReminderSlack) : [];
        if (alarms.Count == 0)
        {
            await ScheduleSlaAlarm(force: true);
            return;
        }
        var events = alarms.Select(a => a.Breach ? (TicketEvent)new SlaBreached(now, a.Metric, a.DueAt) : new SlaWarned(now, a.Metric, a.DueAt)).ToList();
        var priority = _state.TicketPriority;
        if (alarms.Any(a => a.Breach) && _state.Sla.Policy?.BreachPriority is { } raised && raised > priority)
        {
            events.Add(new TicketUpdated(now, null, new TicketChanges { Priority = raised }));
        }
        foreach (var alarm in alarms)
        {
            SwitchboardMetrics.SlaAlarmed(alarm.Metric, alarm.Breach);
            logger.LogInformation("Ticket {Tenant}/{TicketId} SLA {Metric} {Alarm} (due {DueAt})", _tenant, _ticketId, alarm.Metric,
                alarm.Breach ? "breached" : "warning", alarm.DueAt);
        }
        await Append(events);
        await AfterChanges(_state.Status, priority, null);
    }

    Task<bool> ITicketGrain.CloseIfDue() => CloseIfDue();

    private async Task<bool> CloseIfDue()
    {
        var now = clock.GetUtcNow();
        if (_state.Status != TicketStatus.Solved || _state.SolvedAt + options.Value.AutoCloseAfter > now + ReminderSlack)
        {
            // Reopened, or solved again since the sweeper read the index: the newer solve counts.
            return false;
        }
        await Append([new TicketClosed(now, Automatic: true)]);
        logger.LogInformation("Ticket {Tenant}/{TicketId} closed automatically", _tenant, _ticketId);
        return true;
    }

    /// <summary>
    /// Checks an agent's changes against the ticket and the tenant's field definitions, and returns only what
    /// would change. Refuses (changing nothing) when any part is not allowed.
    /// </summary>
    private async Task<TicketChanges> Decide(string agentId, TicketChanges changes)
    {
        EnsureChangeable();
        if (changes.Status is { } to && to != _state.Status)
        {
            EnsureAssignedTo(agentId, "change the status of");
            if (TicketWorkflow.CheckAgentTransition(_state.Status, to) is { } problem)
            {
                throw SwitchboardException.Precondition($"Ticket {_ticketId} cannot go from {_state.Status} to {to}: {problem}.");
            }
        }
        var fields = changes.Fields.Count == 0
            ? changes.Fields
            : CustomFieldRules.Normalize(changes.Fields, await Ticketing().ListFields(), "custom_fields");
        var effective = _state.EffectiveChanges(changes with { Fields = fields });
        if (_state.Tags.Count + effective.AddTags.Count - effective.RemoveTags.Count > TicketLimits.MaxTags)
        {
            throw SwitchboardException.Invalid("add_tags", $"a ticket holds at most {TicketLimits.MaxTags} tags; remove some first");
        }
        if (_state.CustomFields.Keys.Union(effective.Fields.Where(f => f.Value.Length > 0).Select(f => f.Key)).Count() > TicketLimits.MaxCustomFields)
        {
            throw SwitchboardException.Invalid("custom_fields", $"a ticket holds at most {TicketLimits.MaxCustomFields} custom field values");
        }
        return effective;
    }

    /// <summary>What follows a change: a waiting ticket takes its new priority into line; a solve frees the agent.</summary>
    private async Task AfterChanges(TicketStatus previousStatus, TicketPriority previousPriority, string? agentId)
    {
        if (_state.TicketPriority != previousPriority && _state.IsWaiting)
        {
            await EnqueueSelf();
        }
        if (_state.Status == TicketStatus.Solved && previousStatus != TicketStatus.Solved && agentId is not null)
        {
            await AfterSolved(agentId);
        }
    }

    private async Task AfterSolved(string agentId)
    {
        await Agent(agentId).NotifyTicketReleased(_ticketId, _state.Status, _state.LastSequence);
        await GrainFactory.GetGrain<ITicketSweeperGrain>(_tenant).Watch();
        await SendCsatSurvey(agentId);
        SwitchboardMetrics.TicketSolved(_state.Channel);
        logger.LogInformation("Ticket {Tenant}/{TicketId} solved by {AgentId}", _tenant, _ticketId, agentId);
    }

    /// <summary>When the tenant asks for it on this channel, a survey about the solving agent goes to the customer (one waiting at a time).</summary>
    private async Task SendCsatSurvey(string agentId)
    {
        if (_state.PendingSurvey is not null || !(await Ticketing().GetCsatSettings()).AppliesTo(_state.Channel))
        {
            return;
        }
        var now = clock.GetUtcNow();
        var survey = new CsatSurveySent(now, $"csat-{_state.LastSequence + 1}", agentId, _state.QueueId);
        var sequence = await Append([survey]);
        await Outbox(_state.AdapterId).Enqueue(new OutboundDelivery(0, _ticketId, sequence, _state.ConversationId, _state.Channel, _state.CustomerAddress,
            CsatQuestion, agentId, now) { Kind = OutboundKind.CsatSurvey, CsatSurveyId = survey.SurveyId });
        logger.LogInformation("Ticket {Tenant}/{TicketId}: satisfaction survey {SurveyId} sent", _tenant, _ticketId, survey.SurveyId);
    }

    async Task<CsatReceipt> ITicketGrain.RateCsat(string surveyId, int rating, string? comment)
    {
        EnsureExists();
        if (surveyId == _state.RatedSurveyId && _state.LastRating is { } given)
        {
            return new CsatReceipt(given.Sequence, given.Rating.Rating, Duplicate: true);
        }
        EnsureChangeable();
        if (_state.PendingSurvey is not { } survey || survey.SurveyId != surveyId)
        {
            throw SwitchboardException.Precondition(_state.PendingSurvey is null
                ? $"Ticket {_ticketId} has no satisfaction survey waiting for an answer; '{surveyId}' was never sent or is answered."
                : $"Survey '{surveyId}' is not the one waiting on ticket {_ticketId}; answer '{_state.PendingSurvey.SurveyId}'.");
        }
        var sequence = await Append([new CsatRated(clock.GetUtcNow(), rating, comment, survey.AgentId, survey.QueueId)]);
        logger.LogInformation("Ticket {Tenant}/{TicketId}: survey {SurveyId} rated {Rating}", _tenant, _ticketId, surveyId, rating);
        await Agent(survey.AgentId).RecordCsat(rating);
        return new CsatReceipt(sequence, rating, Duplicate: false);
    }

    private async Task<string> RenderReply(string template, string agentName)
    {
        var customer = await Customer(_state.CustomerId).Get();
        return MacroTemplate.Render(template, new Dictionary<string, string>
        {
            [MacroTemplate.CustomerName] = customer.DisplayName ?? _state.CustomerAddress,
            [MacroTemplate.AgentName] = agentName,
            [MacroTemplate.TicketId] = _ticketId,
            [MacroTemplate.TicketSubject] = _state.Subject,
        });
    }

    /// <summary>A public reply, on the log at <paramref name="sequence"/>, goes to the customer through the adapter's outbox.</summary>
    private Task<long> Deliver(long sequence, string body, string agentId, DateTimeOffset at) =>
        Outbox(_state.AdapterId).Enqueue(new OutboundDelivery(0, _ticketId, sequence, _state.ConversationId, _state.Channel, _state.CustomerAddress, body, agentId, at));

    private async Task ForgetReminder(string name)
    {
        if (await this.GetReminder(name) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    Task<TicketView> ITicketGrain.Get()
    {
        EnsureExists();
        return Task.FromResult(View());
    }

    /// <summary>
    /// Writes the events, then keeps the SLA current: the matching policy goes on the log when it changes, and
    /// the reminder is set for the next warning or breach. Returns the first event's sequence.
    /// </summary>
    private async Task<long> Append(IReadOnlyList<TicketEvent> events)
    {
        var wasDone = IsDone;
        var first = await Write(events);
        await KeepSlaCurrent();
        if (IsDone)
        {
            // Work that is done leaves memory once this call is over, rather than after the idle collection age
            // (15 minutes): a busy node otherwise holds every ticket solved in the last quarter hour (90,000 at 100
            // tickets/s), and the garbage collector walks them all. The next call on it reads its log again.
            DeactivateOnIdle();
            if (!wasDone)
            {
                ConversationMayLeave();
            }
        }
        return first;
    }

    private bool IsDone => _state.Status is TicketStatus.Solved or TicketStatus.Closed;

    /// <summary>
    /// Tells the conversation the ticket is done, so it leaves memory too, when it is likely still there: asking one
    /// that already left would only activate it to leave again.
    /// </summary>
    private void ConversationMayLeave()
    {
        if (_conversationCalledAt is { } calledAt && clock.GetUtcNow() - calledAt < TimeSpan.FromMinutes(ConversationGrain.IdleMinutes)
            && _state.AdapterId.Length > 0 && _state.ConversationId.Length > 0)
        {
            _ = GrainFactory.GetGrain<IConversationGrain>(GrainKey.ForConversation(_tenant, _state.AdapterId, _state.ConversationId)).TicketEnded(_ticketId);
        }
    }

    /// <summary>After a write: the matching SLA policy goes on the log when it changed, and the reminder follows the next alarm.</summary>
    private async Task KeepSlaCurrent()
    {
        if (SlaMatchKey() != _slaMatchedFor)
        {
            var policy = await MatchingSlaPolicy(SlaMatchKey(), _state.Brand);
            if (!_state.Sla.Holds(policy))
            {
                await Write([SlaApplied(clock.GetUtcNow(), policy)]);
            }
            _slaMatchedFor = SlaMatchKey();
        }
        await ScheduleSlaAlarm(force: false);
    }

    private (TicketPriority, string, ChannelKind) SlaMatchKey() => (_state.TicketPriority, _state.QueueId, _state.Channel);

    /// <summary>The tenant's first SLA policy matching the ticket's priority, queue, channel and brand.</summary>
    private async Task<SlaPolicy?> MatchingSlaPolicy((TicketPriority Priority, string QueueId, ChannelKind Channel) key, string? brand) =>
        (await Ticketing().GetSlaPolicies()).FirstOrDefault(p => p.Matches(key.Priority, key.QueueId, key.Channel, brand));

    private async Task<SlaPolicy?> MatchOnceRouted(Task<string> routing, TicketPriority priority, ChannelKind channel, string? brand) =>
        await MatchingSlaPolicy((priority, await routing, channel), brand);

    /// <summary>The log entry that puts <paramref name="policy"/> (or none) on the ticket.</summary>
    private static SlaPolicyApplied SlaApplied(DateTimeOffset at, SlaPolicy? policy) => policy is null
        ? new SlaPolicyApplied(at, null)
        : new SlaPolicyApplied(at, policy.PolicyId, policy.FirstReply, policy.NextReply, policy.Resolution, policy.WarnBefore, policy.BreachPriority, policy.BusinessHours);

    /// <summary>Sets the SLA reminder for the next warning or breach, or removes it when none will come.</summary>
    private async Task ScheduleSlaAlarm(bool force)
    {
        var next = _state.Sla.NextAlarm();
        if (next == _slaAlarmAt && !force)
        {
            return;
        }
        if (next is { } at)
        {
            var dueIn = at - clock.GetUtcNow();
            await this.RegisterOrUpdateReminder(SlaReminder, dueIn > TimeSpan.Zero ? dueIn : TimeSpan.Zero, ReminderRetry);
        }
        else if (_slaAlarmAt is not null || force)
        {
            await ForgetReminder(SlaReminder);
        }
        _slaAlarmAt = next;
    }

    private TicketView View(IReadOnlyList<TranscriptEntry>? transcript = null) =>
        (transcript is null ? _state.ToView(_ticketId) : _state.ToView(_ticketId, transcript)) with { Sla = _state.Sla.Evaluate(clock.GetUtcNow()) };

    /// <summary>
    /// Applies the events and writes them with the index row they lead to; returns the first one's sequence.
    /// If the write fails this activation is dropped, so no caller ever sees state that is not in the log.
    /// </summary>
    private async Task<long> Write(IReadOnlyList<TicketEvent> events)
    {
        var expected = _state.LastSequence;
        var rows = new List<StoredEvent>(events.Count);
        var first = Stage(rows, events);
        await Commit(expected, rows);
        return first;
    }

    /// <summary>Applies the events to the state and adds their rows to <paramref name="rows"/>; returns the first one's sequence.</summary>
    private long Stage(List<StoredEvent> rows, IReadOnlyList<TicketEvent> events)
    {
        var first = _state.LastSequence + 1;
        for (var i = 0; i < events.Count; i++)
        {
            rows.Add(TicketEventCodec.Encode(first + i, events[i]));
            _state.Apply(first + i, events[i]);
        }
        return first;
    }

    /// <summary>
    /// Writes staged rows (the log ended at <paramref name="expected"/> before them) with the index row the state now
    /// leads to. If the write fails this activation is dropped, so no caller ever sees state that is not in the log.
    /// </summary>
    private async Task Commit(long expected, List<StoredEvent> rows)
    {
        var index = new TicketIndexRow(
            _tenant, _ticketId, _state.Status.ToString(), _state.Channel.ToString(), _state.CustomerId, _state.QueueId,
            _state.AssigneeAgentId, _state.WaitingSince, _state.Priority, _state.Preview, _state.LastSequence)
        {
            Language = _state.Language,
            PreferredAgentId = _state.PreferredAgentId,
            TargetAgentId = _state.TargetAgentId,
            SlaDueAt = SlaDueAt(),
            WaitSequence = _state.IsWaiting ? _state.WaitSequence : null,
            CustomerIdentity = _state.CustomerIdentity,
            CustomerName = _state.CustomerName,
            LastAgentId = _state.LastAgentId,
            LastAssignedAt = _state.LastAssignedAt,
            SolvedAt = _state.Status == TicketStatus.Solved ? _state.SolvedAt : null,
        };
        using var span = SwitchboardTracing.StartTicketAppend(_tenant, _ticketId, rows.Count);
        var started = Stopwatch.GetTimestamp();
        try
        {
            await store.AppendAsync(_tenant, _ticketId, expected, rows, index, _storedIndex, CancellationToken.None);
            _storedIndex = index;
            SwitchboardMetrics.StorageAppended(rows.Count, Stopwatch.GetElapsedTime(started));
        }
        catch (System.Data.Common.DbException e)
        {
            // The database refused or failed the commit (out of connections, disk full, failing over): nothing of it
            // was stored, so the caller gets the refusal every storage failure gets (UNAVAILABLE: send it again; an inbound message sent
            // twice is stored once), not an error it cannot read.
            span?.SetStatus(ActivityStatusCode.Error);
            DeactivateOnIdle();
            logger.LogError(e, "Ticket {Tenant}/{TicketId}: storage failed an append of {Count} events", _tenant, _ticketId, rows.Count);
            throw StorageUnavailableException.Of(e,
                $"Storage could not record this change to ticket {_ticketId} just now ({e.GetType().Name}); nothing of it was stored. Send it again (an inbound message sent twice is stored once).",
                $"an append of {rows.Count} events to ticket {_tenant}/{_ticketId}");
        }
        catch
        {
            span?.SetStatus(ActivityStatusCode.Error);
            DeactivateOnIdle();
            throw;
        }
    }

    private Task EnqueueSelf() =>
        GrainFactory.GetGrain<IQueueGrain>(GrainKey.For(_tenant, _state.QueueId)).Enqueue(new QueuedTicket(
            _ticketId, _state.QueueId, _state.Channel, _state.CustomerId, _state.Preview, _state.WaitingSince!.Value, _state.Priority)
        {
            Language = _state.Language,
            PreferredAgentId = _state.PreferredAgentId,
            TargetAgentId = _state.TargetAgentId,
            WaitSequence = _state.WaitSequence,
            SlaDueAt = SlaDueAt(),
        });

    /// <summary>When the earliest running SLA target falls due; queues ordered by SLA rank waiting tickets by it.</summary>
    private DateTimeOffset? SlaDueAt() => _state.Sla.EarliestDue();

    private IChannelOutboxGrain Outbox(string adapterId) => GrainFactory.GetGrain<IChannelOutboxGrain>(GrainKey.For(_tenant, adapterId));

    private ITicketGrain Ticket(string ticketId) => GrainFactory.GetGrain<ITicketGrain>(GrainKey.For(_tenant, ticketId));

    private ITenantTicketingGrain Ticketing() => GrainFactory.GetGrain<ITenantTicketingGrain>(_tenant);

    private ICustomerGrain Customer(string customerId) => GrainFactory.GetGrain<ICustomerGrain>(GrainKey.For(_tenant, customerId));

    private IAgentGrain Agent(string agentId) => GrainFactory.GetGrain<IAgentGrain>(GrainKey.For(_tenant, agentId));

    private void EnsureExists()
    {
        if (!_state.Exists)
        {
            DeactivateOnIdle();
            throw SwitchboardException.NotFound($"Ticket '{_ticketId}' does not exist.");
        }
    }

    /// <summary>Closed tickets are the record of what happened: nothing on them changes any more.</summary>
    private void EnsureChangeable()
    {
        EnsureExists();
        if (_state.Status == TicketStatus.Closed)
        {
            throw SwitchboardException.Precondition($"Ticket {_ticketId} is closed and can no longer change; a customer message opens a follow-up.");
        }
    }

    private void EnsureAssignedTo(string agentId, string action)
    {
        EnsureExists();
        if (!string.Equals(_state.AssigneeAgentId, agentId, StringComparison.Ordinal))
        {
            throw SwitchboardException.Denied(
                $"Agent '{agentId}' cannot {action} ticket {_ticketId}: it is assigned to {(_state.AssigneeAgentId is null ? "nobody" : $"'{_state.AssigneeAgentId}'")}.");
        }
    }
}
