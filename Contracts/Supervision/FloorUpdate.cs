namespace Switchboard.Contracts.Supervision;

/// <summary>
/// What a tenant's supervision grain publishes: the whole floor (a snapshot) or only what changed since the
/// previous version (a delta). Versions count up by one per publication, so a gap shows a lost delta.
/// </summary>
[GenerateSerializer, Immutable]
[Alias("switchboard.FloorUpdate")]
public sealed record FloorUpdate(
    [property: Id(0)] long Version,
    [property: Id(1)] bool IsSnapshot,
    [property: Id(2)] DateTimeOffset AsOf,
    [property: Id(3)] IReadOnlyList<QueueFloor> Queues,
    [property: Id(4)] IReadOnlyList<AgentFigures> Agents,
    [property: Id(5)] IReadOnlyList<FloorSample> History);

/// <summary>A queue's own figures and how its agents stand, counted by the supervision grain.</summary>
[GenerateSerializer, Immutable]
[Alias("switchboard.QueueFloor")]
public sealed record QueueFloor([property: Id(0)] QueueFigures Figures, [property: Id(1)] AgentCounts Agents)
{
    /// <summary>Tickets whose customer left before any agent took them, since midnight UTC.</summary>
    [Id(2)]
    public int AbandonedToday { get; init; }
}

/// <summary>Agents serving a queue by state: available (idle), busy (holding work), away, offline.</summary>
[GenerateSerializer, Immutable]
[Alias("switchboard.AgentCounts")]
public sealed record AgentCounts(
    [property: Id(0)] int Available,
    [property: Id(1)] int Busy,
    [property: Id(2)] int Away,
    [property: Id(3)] int Offline);

/// <summary>The tenant's tickets waiting and service level (last quarter hour) at one moment, for the trend chart.</summary>
[GenerateSerializer, Immutable]
[Alias("switchboard.FloorSample")]
public sealed record FloorSample(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] int Waiting,
    [property: Id(2)] double? ServiceLevelPercent);
