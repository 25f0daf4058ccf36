using Switchboard.Contracts.Tickets;

namespace Switchboard.Contracts.Routing;

/// <summary>A ticket waiting in a queue; its place in line is (priority, WaitingSince).</summary>
[GenerateSerializer, Immutable]
[Alias("switchboard.QueuedTicket")]
public sealed record QueuedTicket(
    [property: Id(0)] string TicketId,
    [property: Id(1)] string QueueId,
    [property: Id(2)] ChannelKind Channel,
    [property: Id(3)] string CustomerId,
    [property: Id(4)] string Preview,
    [property: Id(5)] DateTimeOffset WaitingSince,
    [property: Id(6)] int Priority);
