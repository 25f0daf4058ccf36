namespace Switchboard.Contracts.Channels;

/// <summary>
/// What an adapter's stream starts from: the deliveries it has not acknowledged, in order, and the outbox's last
/// delivery sequence, after which pushes must follow without a gap (acks are cumulative, so a gap is a loss).
/// </summary>
[GenerateSerializer, Immutable]
[Alias("switchboard.AdapterAttachment")]
public sealed record AdapterAttachment(
    [property: Id(0)] IReadOnlyList<OutboundDelivery> Pending,
    [property: Id(1)] long LastDeliverySequence);
