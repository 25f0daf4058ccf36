namespace Switchboard.Contracts.Supervision;

/// <summary>
/// What a queue knows about itself, sent to its tenant's supervision grain whenever it changes. Scalars only,
/// so two figures compare by value and an unchanged queue sends nothing.
/// </summary>
[GenerateSerializer, Immutable]
[Alias("switchboard.QueueFigures")]
public sealed record QueueFigures(
    [property: Id(0)] string QueueId,
    [property: Id(1)] int Waiting,
    [property: Id(2)] DateTimeOffset? OldestWaitingSince,
    [property: Id(3)] int OffersOutstanding,
    [property: Id(4)] TimeSpan ServiceLevelTarget,
    [property: Id(5)] ServiceLevel LastQuarterHour,
    [property: Id(6)] ServiceLevel Today)
{
    public static QueueFigures Empty(string queueId, TimeSpan target) => new(queueId, 0, null, 0, target, ServiceLevel.None, ServiceLevel.None);
}
