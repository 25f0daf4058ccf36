namespace Switchboard.Contracts.Reports;

/// <summary>
/// A report over a tenant's ticket logs: events at or after <see cref="From"/> and before <see cref="To"/>,
/// days counted in the IANA time zone <see cref="TimeZone"/>, one row per <see cref="GroupBy"/> key.
/// </summary>
[GenerateSerializer, Immutable]
[Alias("switchboard.ReportQuery")]
public sealed record ReportQuery(
    [property: Id(0)] DateTimeOffset From,
    [property: Id(1)] DateTimeOffset To,
    [property: Id(2)] string TimeZone,
    [property: Id(3)] ReportGrouping GroupBy)
{
    /// <summary>The longest range one report covers.</summary>
    public static readonly TimeSpan MaxRange = TimeSpan.FromDays(366);
}
