namespace Switchboard.Contracts.Tickets;

/// <summary>
/// One SLA target on a ticket: when it falls due if the clock keeps running (null while paused, not started
/// or fulfilled), the time counted so far, and whether it was breached.
/// </summary>
[GenerateSerializer, Immutable]
[Alias("switchboard.SlaTargetView")]
public sealed record SlaTargetView(
    [property: Id(0)] SlaMetric Metric,
    [property: Id(1)] TimeSpan Target,
    [property: Id(2)] DateTimeOffset? DueAt,
    [property: Id(3)] bool Paused,
    [property: Id(4)] TimeSpan Elapsed,
    [property: Id(5)] DateTimeOffset? FulfilledAt,
    [property: Id(6)] bool Breached);
