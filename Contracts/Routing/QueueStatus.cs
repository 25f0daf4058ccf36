namespace Switchboard.Contracts.Routing;

[GenerateSerializer, Immutable]
[Alias("switchboard.QueueStatus")]
public sealed record QueueStatus(
    [property: Id(0)] string QueueId,
    [property: Id(1)] IReadOnlyList<QueueEntryView> Waiting,
    [property: Id(2)] IReadOnlyList<string> AvailableAgentIds);

[GenerateSerializer, Immutable]
[Alias("switchboard.QueueEntryView")]
public sealed record QueueEntryView(
    [property: Id(0)] QueuedTicket Ticket,
    [property: Id(1)] string? OfferedToAgentId);
