using Microsoft.Extensions.Logging;
using Switchboard.Contracts;
using Switchboard.Contracts.Channels;
using Switchboard.Contracts.Gateway;
using Switchboard.Contracts.Telemetry;
using Switchboard.Silo.Storage;

namespace Switchboard.Silo.Channels;

/// <summary>
/// An adapter's outbound messages until it acknowledges them: stored before they are pushed, pushed to the
/// gateway holding the adapter's stream, and delivered again from the last acknowledged position on reconnect.
/// Each delivery is a row of its own (<see cref="IOutboxStore"/>), so a message costs one small write however many
/// wait; the grain's record holds only the counters. An acknowledgement records the position, then deletes the rows.
/// </summary>
public sealed class ChannelOutboxGrain(
    [PersistentState("outbox", "switchboard")] IPersistentState<ChannelOutboxState> state,
    IOutboxStore store,
    TimeProvider clock,
    ILogger<ChannelOutboxGrain> logger) : Grain, IChannelOutboxGrain
{
    /// <summary>An attached adapter acks in milliseconds; a delivery unacked this long was lost on its way.</summary>
    private static readonly TimeSpan UnackedLimit = TimeSpan.FromSeconds(10);

    // Unacknowledged deliveries in order, and which ticket message each carries (a ticket retrying a reply gets the
    // delivery it already has).
    private readonly List<OutboundDelivery> _pending = [];
    private readonly Dictionary<(string TicketId, long TicketSequence), long> _byTicketMessage = [];
    private long _lastDeliverySequence;
    private string _tenant = "";
    private string _adapterId = "";
    private IGatewayHub? _hub;
    private string? _connectionId;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (_tenant, _adapterId) = GrainKey.Parse(this.GetPrimaryKeyString());
        if (state.State.Pending.Count > 0)
        {
            // Written before deliveries had rows of their own: move them there, then out of the record.
            foreach (var delivery in state.State.Pending)
            {
                await store.AddAsync(_tenant, _adapterId, delivery);
            }
            state.State.Pending.Clear();
            await state.WriteStateAsync(cancellationToken);
        }
        foreach (var delivery in await store.ReadAsync(_tenant, _adapterId, state.State.LastAcknowledged, cancellationToken))
        {
            Hold(delivery);
        }
        // Every sequence handed out is either still in a row or at most the acknowledged position, which is recorded
        // before rows are deleted: no sequence is handed out twice.
        _lastDeliverySequence = Math.Max(state.State.LastDeliverySequence, Math.Max(state.State.LastAcknowledged,
            _pending.Count > 0 ? _pending[^1].DeliverySequence : 0));
    }

    async Task<long> IChannelOutboxGrain.Enqueue(OutboundDelivery draft)
    {
        using var span = SwitchboardTracing.StartOutboundEnqueue(draft.TicketId, draft.TicketSequence);
        if (_byTicketMessage.TryGetValue((draft.TicketId, draft.TicketSequence), out var existing))
        {
            return existing;
        }
        var delivery = draft with { DeliverySequence = _lastDeliverySequence + 1 };
        await store.AddAsync(_tenant, _adapterId, delivery);
        _lastDeliverySequence = delivery.DeliverySequence;
        Hold(delivery);
        SwitchboardMetrics.OutboundQueued(delivery.Channel);
        if (_hub is not null && _connectionId is not null)
        {
            await _hub.DeliverToAdapter(_connectionId, delivery);
        }
        return delivery.DeliverySequence;
    }

    async Task<AdapterAttachment> IChannelOutboxGrain.Attach(IGatewayHub hub, string connectionId, long lastAcked)
    {
        _hub = hub;
        _connectionId = connectionId;
        await AcknowledgeUpTo(lastAcked);
        logger.LogInformation("Adapter {Adapter} attached with {Pending} pending deliveries", this.GetPrimaryKeyString(), _pending.Count);
        return new AdapterAttachment(_pending.ToArray(), _lastDeliverySequence);
    }

    Task IChannelOutboxGrain.Detach(string connectionId)
    {
        if (_connectionId == connectionId)
        {
            _hub = null;
            _connectionId = null;
        }
        return Task.CompletedTask;
    }

    Task<bool> IChannelOutboxGrain.IsDelivering(string connectionId) => Task.FromResult(
        _connectionId == connectionId && (_pending.Count == 0 || _pending[0].SentAt > clock.GetUtcNow() - UnackedLimit));

    Task IChannelOutboxGrain.Acknowledge(long deliverySequence) => AcknowledgeUpTo(deliverySequence);

    Task<IReadOnlyList<OutboundDelivery>> IChannelOutboxGrain.GetPending() =>
        Task.FromResult<IReadOnlyList<OutboundDelivery>>(_pending.ToArray());

    async Task<int> IChannelOutboxGrain.ForgetCustomerDeliveries(string ticketId)
    {
        bool ToTheCustomer(OutboundDelivery d) => d.TicketId == ticketId && d.Kind != OutboundKind.SideConversation;
        var forgotten = _pending.Where(ToTheCustomer).ToList();
        if (forgotten.Count == 0)
        {
            return 0;
        }
        // The counter first, as an acknowledgement does: with these rows gone, nothing else may remember their sequences.
        state.State.LastDeliverySequence = _lastDeliverySequence;
        await state.WriteStateAsync();
        await store.RemoveAsync(_tenant, _adapterId, forgotten.Select(d => d.DeliverySequence).ToArray());
        _pending.RemoveAll(ToTheCustomer);
        foreach (var delivery in forgotten)
        {
            _byTicketMessage.Remove((delivery.TicketId, delivery.TicketSequence));
        }
        logger.LogInformation("Adapter {Adapter}: {Count} undelivered messages to an erased customer dropped", this.GetPrimaryKeyString(), forgotten.Count);
        return forgotten.Count;
    }

    private void Hold(OutboundDelivery delivery)
    {
        _pending.Add(delivery);
        _byTicketMessage[(delivery.TicketId, delivery.TicketSequence)] = delivery.DeliverySequence;
    }

    private async Task AcknowledgeUpTo(long deliverySequence)
    {
        var acknowledged = Math.Min(deliverySequence, _lastDeliverySequence);
        if (acknowledged <= state.State.LastAcknowledged)
        {
            return;
        }
        // The position first: if the rows' deletion is lost, a later activation skips them by it.
        state.State.LastAcknowledged = acknowledged;
        state.State.LastDeliverySequence = _lastDeliverySequence;
        await state.WriteStateAsync();
        var done = 0;
        while (done < _pending.Count && _pending[done].DeliverySequence <= acknowledged)
        {
            _byTicketMessage.Remove((_pending[done].TicketId, _pending[done].TicketSequence));
            done++;
        }
        _pending.RemoveRange(0, done);
        await store.RemoveUpToAsync(_tenant, _adapterId, acknowledged);
    }
}
