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

    /// <summary>The zone for an IANA id (or "UTC"); null when the system does not know it.</summary>
    public static TimeZoneInfo? FindZone(string id) =>
        id.Length is > 0 and <= 64 && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : null;
}
