namespace Switchboard.Contracts.Routing;

/// <summary>
/// A waiting ticket's place as its queue ranks it: higher effective priority first, then the nearest SLA due
/// time (only in queues ordered by it; none comes after any), then the longest wait, then the ticket id so
/// that no two tickets tie. An agent compares standings from several queues with the same rule.
/// </summary>
[GenerateSerializer, Immutable]
[Alias("switchboard.LineStanding")]
public sealed record LineStanding(
    [property: Id(0)] int Priority,
    [property: Id(1)] DateTimeOffset? DueAt,
    [property: Id(2)] DateTimeOffset WaitingSince,
    [property: Id(3)] string TicketId) : IComparable<LineStanding>
{
    /// <summary>Negative when this ticket goes before <paramref name="other"/>.</summary>
    public int CompareTo(LineStanding? other)
    {
        if (other is null)
        {
            return -1;
        }
        var byPriority = other.Priority.CompareTo(Priority);
        if (byPriority != 0)
        {
            return byPriority;
        }
        var byDue = (DueAt, other.DueAt) switch
        {
            ({ } mine, { } theirs) => mine.CompareTo(theirs),
            (not null, null) => -1,
            (null, not null) => 1,
            _ => 0,
        };
        if (byDue != 0)
        {
            return byDue;
        }
        var byAge = WaitingSince.CompareTo(other.WaitingSince);
        return byAge != 0 ? byAge : string.CompareOrdinal(TicketId, other.TicketId);
    }

    public bool IsBefore(LineStanding other) => CompareTo(other) < 0;

    public static bool operator <(LineStanding left, LineStanding right) => left.CompareTo(right) < 0;

    public static bool operator <=(LineStanding left, LineStanding right) => left.CompareTo(right) <= 0;

    public static bool operator >(LineStanding left, LineStanding right) => left.CompareTo(right) > 0;

    public static bool operator >=(LineStanding left, LineStanding right) => left.CompareTo(right) >= 0;
}
