using Switchboard.Contracts.Tickets;

namespace Switchboard.Contracts.Channels;

/// <summary>A reply on its way to a customer through an adapter, at the adapter's delivery position.</summary>
[GenerateSerializer, Immutable]
[Alias("switchboard.OutboundDelivery")]
public sealed record OutboundDelivery(
    [property: Id(0)] long DeliverySequence,
    [property: Id(1)] string TicketId,
    [property: Id(2)] long TicketSequence,
    [property: Id(3)] string ConversationId,
    [property: Id(4)] ChannelKind Channel,
    [property: Id(5)] string RecipientAddress,
    [property: Id(6)] string Body,
    [property: Id(7)] string AgentId,
    [property: Id(8)] DateTimeOffset SentAt);
