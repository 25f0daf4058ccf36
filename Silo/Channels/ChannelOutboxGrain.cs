using Microsoft.Extensions.Logging;
using Switchboard.Contracts.Channels;
using Switchboard.Contracts.Gateway;
using Switchboard.Contracts.Telemetry;

namespace Switchboard.Silo.Channels;

/// <summary>
/// An adapter's outbound messages until it acknowledges them: stored before they are pushed, pushed to the
/// gateway holding the adapter's stream, and delivered again from the last acknowledged position on reconnect.
/// </summary>
public sealed class ChannelOutboxGrain(
    [PersistentState("outbox", "switchboard")] IPersistentState<ChannelOutboxState> state,
    TimeProvider clock,
    ILogger<ChannelOutboxGrain> logger) : Grain, IChannelOutboxGrain
{
    /// <summary>An attached adapter acks in milliseconds; a delivery unacked this long was lost on its way.</summary>
    private static readonly TimeSpan UnackedLimit = TimeSpan.FromSeconds(10);

    private IGatewayHub? _hub;
    private string? _connectionId;

    async Task<long> IChannelOutboxGrain.Enqueue(OutboundDelivery draft)
    {
        using var span = SwitchboardTracing.StartOutboundEnqueue(draft.TicketId, draft.TicketSequence);
        // A ticket retrying the same reply gets the delivery it already has.
        var existing = state.State.Pending.Find(p => p.TicketId == draft.TicketId && p.TicketSequence == draft.TicketSequence);
        if (existing is not null)
        {
            return existing.DeliverySequence;
        }
        var delivery = draft with { DeliverySequence = state.State.LastDeliverySequence + 1 };
        state.State.LastDeliverySequence = delivery.DeliverySequence;
        state.State.Pending.Add(delivery);
        await state.WriteStateAsync();
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
        logger.LogInformation("Adapter {Adapter} attached with {Pending} pending deliveries", this.GetPrimaryKeyString(), state.State.Pending.Count);
        return new AdapterAttachment(state.State.Pending.ToArray(), state.State.LastDeliverySequence);
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
        _connectionId == connectionId && (state.State.Pending.Count == 0 || state.State.Pending[0].SentAt > clock.GetUtcNow() - UnackedLimit));

    Task IChannelOutboxGrain.Acknowledge(long deliverySequence) => AcknowledgeUpTo(deliverySequence);

    Task<IReadOnlyList<OutboundDelivery>> IChannelOutboxGrain.GetPending() =>
        Task.FromResult<IReadOnlyList<OutboundDelivery>>(state.State.Pending.ToArray());

    private async Task AcknowledgeUpTo(long deliverySequence)
    {
        var acknowledged = Math.Min(deliverySequence, state.State.LastDeliverySequence);
        if (acknowledged <= state.State.LastAcknowledged)
        {
            return;
        }
        state.State.LastAcknowledged = acknowledged;
        state.State.Pending.RemoveAll(p => p.DeliverySequence <= acknowledged);
        await state.WriteStateAsync();
    }
}
