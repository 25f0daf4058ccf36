using Switchboard.Contracts.Tickets;

namespace Switchboard.Contracts.Agents;

/// <summary>A ticket offered to an agent, open until ExpiresAt.</summary>
[GenerateSerializer, Immutable]
[Alias("switchboard.OfferView")]
public sealed record OfferView(
    [property: Id(0)] string TicketId,
    [property: Id(1)] string QueueId,
    [property: Id(2)] ChannelKind Channel,
    [property: Id(3)] string CustomerId,
    [property: Id(4)] string Preview,
    [property: Id(5)] DateTimeOffset ExpiresAt);
