namespace Switchboard.Contracts.Reports;

/// <summary>
/// The figures of one day, queue or agent (docs: README "Reports"). Key is "yyyy-MM-dd", a queue id or an
/// agent id; empty for figures that belong to no queue or no agent (e.g. tickets created, in an agent report).
/// </summary>
[GenerateSerializer, Immutable]
[Alias("switchboard.ReportRow")]
public sealed record ReportRow(
    [property: Id(0)] string Key,
    [property: Id(1)] long Created,
    [property: Id(2)] long Solved,
    [property: Id(3)] long Abandoned,
    [property: Id(4)] long Assigned,
    [property: Id(5)] DurationFigure FirstReply,
    [property: Id(6)] DurationFigure Resolution,
    [property: Id(7)] DurationFigure Handle,
    [property: Id(8)] long SlaMeasured,
    [property: Id(9)] long SlaAchieved,
    [property: Id(10)] long CsatCount,
    [property: Id(11)] long CsatRatingSum)
{
    /// <summary>Share of solves under an SLA policy made without a breach, 0–100; null when none was measured.</summary>
    public double? SlaAchievedPercent => SlaMeasured == 0 ? null : 100.0 * SlaAchieved / SlaMeasured;

    /// <summary>Mean CSAT rating (1–5); null when nobody rated.</summary>
    public double? CsatAverage => CsatCount == 0 ? null : (double)CsatRatingSum / CsatCount;
}
