namespace Switchboard.Contracts.Routing;

/// <summary>Where a waiting ticket stands: "you are 3rd, about 2 minutes".</summary>
[GenerateSerializer, Immutable]
[Alias("switchboard.QueuePosition")]
public sealed record QueuePosition(
    [property: Id(0)] string TicketId,
    [property: Id(1)] string QueueId,
    [property: Id(2)] int Position,
    [property: Id(3)] int Waiting,
    [property: Id(4)] TimeSpan? EstimatedWait);
