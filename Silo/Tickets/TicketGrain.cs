using Microsoft.Extensions.Logging;
using Switchboard.Contracts;
using Switchboard.Contracts.Agents;
using Switchboard.Contracts.Channels;
using Switchboard.Contracts.Customers;
using Switchboard.Contracts.Routing;
using Switchboard.Contracts.Tickets;
using Switchboard.Silo.Storage;
using Switchboard.Silo.Tickets.Events;

namespace Switchboard.Silo.Tickets;

/// <summary>
/// A ticket: every change is an event appended to its log first, then applied. Appends cost the same at
/// any length (one row each); the state is rebuilt from the log on activation.
/// </summary>
public sealed class TicketGrain(ITicketLogStore store, TimeProvider clock, ILogger<TicketGrain> logger) : Grain, ITicketGrain
{
    private readonly TicketState _state = new();
    private string _tenant = "";
    private string _ticketId = "";

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (_tenant, _ticketId) = GrainKey.Parse(this.GetPrimaryKeyString());
        foreach (var stored in await store.ReadAsync(_tenant, _ticketId, cancellationToken))
        {
            _state.Apply(stored.Sequence, TicketEventCodec.Decode(stored));
        }
    }

    async Task<InboundReceipt?> ITicketGrain.Receive(CustomerMessage message, string? followUpOf)
    {
        if (_state.SequenceOf(message.AdapterMessageId) is { } known)
        {
            return new InboundReceipt(_ticketId, known, Duplicate: true);
        }
        if (_state.Status == TicketStatus.Closed)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        var received = new CustomerMessageReceived(now, message.AdapterMessageId, message.Body, message.SentAt);
        var opening = !_state.Exists;
        var reopening = _state.Status == TicketStatus.Solved;
        var events = new List<TicketEvent>(3);
        if (opening)
        {
            events.Add(new TicketOpened(now, message.AdapterId, message.Channel, message.ConversationId, message.CustomerId, message.SenderAddress, followUpOf,
                message.Language, message.Brand));
            var queueId = await GrainFactory.GetGrain<ITenantRoutingGrain>(_tenant).Route(message.Channel, message.Language, message.Brand);
            var preferred = (await Customer(message.CustomerId).Get()).PreferredAgentId;
            events.Add(received);
            events.Add(new TicketQueued(now, queueId, Priority: 0, WaitingSince: now, PreferredAgentId: preferred));
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
        }

        var first = await Append(events);
        var sequence = first + (opening || reopening ? 1 : 0);

        if (opening)
        {
            await Customer(message.CustomerId).AddTicket(_ticketId);
            logger.LogInformation("Ticket {Tenant}/{TicketId} opened on {Channel}", _tenant, _ticketId, message.Channel);
        }
        if (opening || reopening)
        {
            await EnqueueSelf();
        }
        else if (_state.AssigneeAgentId is { } assignee && _state.Status != TicketStatus.Solved)
        {
            await Agent(assignee).NotifyTicketMessage(_ticketId, _state.Transcript[^1]);
        }
        return new InboundReceipt(_ticketId, sequence, Duplicate: false);
    }

    async Task<TicketView> ITicketGrain.Assign(string agentId)
    {
        EnsureExists();
        if (!_state.IsWaiting)
        {
            throw SwitchboardException.Precondition(
                $"Ticket {_ticketId} is not waiting for an agent (status {_state.Status}, assignee '{_state.AssigneeAgentId}').");
        }
        await Append([new TicketAssignedTo(clock.GetUtcNow(), agentId)]);
        await Customer(_state.CustomerId).SetPreferredAgent(agentId);
        logger.LogInformation("Ticket {Tenant}/{TicketId} assigned to {AgentId}", _tenant, _ticketId, agentId);
        return _state.ToView(_ticketId);
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
        var outbox = GrainFactory.GetGrain<IChannelOutboxGrain>(GrainKey.For(_tenant, _state.AdapterId));
        await outbox.Enqueue(new OutboundDelivery(0, _ticketId, sequence, _state.ConversationId, _state.Channel, _state.CustomerAddress, body, agentId, now));
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
        await Agent(agentId).NotifyTicketReleased(_ticketId, _state.Status);
        logger.LogInformation("Ticket {Tenant}/{TicketId} solved by {AgentId}", _tenant, _ticketId, agentId);
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
            await Agent(targetAgentId).GetStatus();
        }
        var now = clock.GetUtcNow();
        await Append([
            new TicketTransferred(now, agentId, queueId, targetAgentId),
            new TicketQueued(now, queueId, _state.Priority, WaitingSince: now, TargetAgentId: targetAgentId),
        ]);
        await Agent(agentId).NotifyTicketReleased(_ticketId, _state.Status);
        logger.LogInformation("Ticket {Tenant}/{TicketId} transferred by {AgentId} to queue {QueueId}", _tenant, _ticketId, agentId, queueId);
        await EnqueueSelf();
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
        if (priority == _state.Priority)
        {
            return;
        }
        await Append([new WaitingTicketReprioritized(clock.GetUtcNow(), priority)]);
        logger.LogInformation("Ticket {Tenant}/{TicketId} reprioritized to {Priority} while waiting", _tenant, _ticketId, priority);
        await EnqueueSelf();
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

    Task<TicketView> ITicketGrain.Get()
    {
        EnsureExists();
        return Task.FromResult(_state.ToView(_ticketId));
    }

    /// <summary>
    /// Applies the events and writes them with the index row they lead to; returns the first one's sequence.
    /// If the write fails this activation is dropped, so no caller ever sees state that is not in the log.
    /// </summary>
    private async Task<long> Append(IReadOnlyList<TicketEvent> events)
    {
        var expected = _state.LastSequence;
        var rows = new StoredEvent[events.Count];
        for (var i = 0; i < events.Count; i++)
        {
            rows[i] = TicketEventCodec.Encode(expected + 1 + i, events[i]);
            _state.Apply(expected + 1 + i, events[i]);
        }
        var index = new TicketIndexRow(
            _tenant, _ticketId, _state.Status.ToString(), _state.Channel.ToString(), _state.CustomerId, _state.QueueId,
            _state.AssigneeAgentId, _state.WaitingSince, _state.Priority, _state.Preview, _state.LastSequence)
        {
            Language = _state.Language,
            PreferredAgentId = _state.PreferredAgentId,
            TargetAgentId = _state.TargetAgentId,
        };
        try
        {
            await store.AppendAsync(_tenant, _ticketId, expected, rows, index, CancellationToken.None);
        }
        catch
        {
            DeactivateOnIdle();
            throw;
        }
        return expected + 1;
    }

    private Task EnqueueSelf() =>
        GrainFactory.GetGrain<IQueueGrain>(GrainKey.For(_tenant, _state.QueueId)).Enqueue(new QueuedTicket(
            _ticketId, _state.QueueId, _state.Channel, _state.CustomerId, _state.Preview, _state.WaitingSince!.Value, _state.Priority)
        {
            Language = _state.Language,
            PreferredAgentId = _state.PreferredAgentId,
            TargetAgentId = _state.TargetAgentId,
        });

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
