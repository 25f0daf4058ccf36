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
            events.Add(new TicketOpened(now, message.AdapterId, message.Channel, message.ConversationId, message.CustomerId, message.SenderAddress, followUpOf));
        }
        else if (reopening)
        {
            events.Add(new TicketReopened(now));
        }
        events.Add(received);
        if (opening || reopening)
        {
            events.Add(new TicketQueued(now, AgentProfile.DefaultQueueId, Priority: 0, WaitingSince: now));
        }

        var first = await Append(events);
        var sequence = first + (opening || reopening ? 1 : 0);

        if (opening)
        {
            await GrainFactory.GetGrain<ICustomerGrain>(GrainKey.For(_tenant, message.CustomerId)).AddTicket(_ticketId);
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
        await GrainFactory.GetGrain<ICustomerGrain>(GrainKey.For(_tenant, _state.CustomerId)).SetPreferredAgent(agentId);
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
            _state.AssigneeAgentId, _state.WaitingSince, _state.Priority, _state.Preview, _state.LastSequence);
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
            _ticketId, _state.QueueId, _state.Channel, _state.CustomerId, _state.Preview, _state.WaitingSince!.Value, _state.Priority));

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
