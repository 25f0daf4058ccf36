namespace Switchboard.Contracts.Tickets;

/// <summary>
/// When an SLA policy's clocks count: open intervals per weekday in an IANA time zone, minus whole-day
/// holidays (local dates). Outside them the clocks stand still; a policy without business hours counts 24/7.
/// </summary>
[GenerateSerializer, Immutable]
[Alias("switchboard.BusinessHours")]
public sealed record BusinessHours(
    [property: Id(0)] string TimeZone,
    [property: Id(1)] IReadOnlyList<OpenHours> Open,
    [property: Id(2)] IReadOnlyList<DateOnly> Holidays)
{
    // Compared by content: a ticket keeps its copy of the policy until the tenant's version really differs.
    public bool Equals(BusinessHours? other) =>
        other is not null && TimeZone == other.TimeZone && Open.SequenceEqual(other.Open) && Holidays.SequenceEqual(other.Holidays);

    public override int GetHashCode() => HashCode.Combine(TimeZone, Open.Count, Holidays.Count);
}
