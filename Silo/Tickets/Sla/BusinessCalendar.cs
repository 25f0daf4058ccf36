using Switchboard.Contracts.Tickets;

namespace Switchboard.Silo.Tickets.Sla;

/// <summary>
/// Open time under a policy's business hours: how much of a span was open, and when a given amount of open
/// time will have passed. Pure arithmetic on instants; local days, weekday intervals and holidays are read in the
/// policy's time zone through <see cref="TimeZoneInfo"/>, so a DST change shortens or lengthens the day it falls on.
/// </summary>
public sealed class BusinessCalendar
{
    /// <summary>A calendar that is always open: open time is wall time.</summary>
    public static readonly BusinessCalendar AlwaysOpen = new(null, [], []);

    /// <summary>How far ahead a walk looks for open time before giving up (a schedule too thin for its target).</summary>
    private static readonly TimeSpan Horizon = TimeSpan.FromDays(366 * 20);

    private readonly TimeZoneInfo? _zone;
    private readonly (TimeSpan Start, TimeSpan End)[][] _week;
    private readonly HashSet<DateOnly> _holidays;

    private BusinessCalendar(TimeZoneInfo? zone, (TimeSpan Start, TimeSpan End)[][] week, HashSet<DateOnly> holidays)
    {
        _zone = zone;
        _week = week;
        _holidays = holidays;
    }

    /// <summary>The calendar of <paramref name="hours"/>; null hours mean always open.</summary>
    public static BusinessCalendar For(BusinessHours? hours)
    {
        if (hours is null)
        {
            return AlwaysOpen;
        }
        var week = Enum.GetValues<DayOfWeek>()
            .Select(day => hours.Open.Where(o => o.Day == day && o.End > o.Start).Select(o => (o.Start, o.End)).OrderBy(o => o.Start).ToArray())
            .ToArray();
        return new BusinessCalendar(Zone(hours.TimeZone), week, hours.Holidays.ToHashSet());
    }

    /// <summary>The open time between two instants (zero when <paramref name="to"/> is not after <paramref name="from"/>).</summary>
    public TimeSpan OpenTimeBetween(DateTimeOffset from, DateTimeOffset to)
    {
        if (to <= from)
        {
            return TimeSpan.Zero;
        }
        if (_zone is null)
        {
            return to - from;
        }
        var open = TimeSpan.Zero;
        foreach (var (start, end) in OpenPeriodsFrom(from, to))
        {
            if (start >= to)
            {
                break;
            }
            open += (end < to ? end : to) - start;
        }
        return open;
    }

    /// <summary>
    /// The instant at which <paramref name="amount"/> of open time has passed since <paramref name="from"/>. It always
    /// falls inside or at the end of an open stretch: a target met exactly at closing is due at closing.
    /// </summary>
    public DateTimeOffset AddOpenTime(DateTimeOffset from, TimeSpan amount)
    {
        if (amount <= TimeSpan.Zero)
        {
            return from;
        }
        if (_zone is null)
        {
            return from + amount;
        }
        foreach (var (start, end) in OpenPeriodsFrom(from, from + Horizon))
        {
            if (end - start >= amount)
            {
                return start + amount;
            }
            amount -= end - start;
        }
        return from + Horizon;
    }

    /// <summary>
    /// The open periods that end after <paramref name="from"/>, in order, the first clipped to start at it, on the
    /// local days up to the one holding <paramref name="until"/>.
    /// </summary>
    private IEnumerable<(DateTimeOffset Start, DateTimeOffset End)> OpenPeriodsFrom(DateTimeOffset from, DateTimeOffset until)
    {
        var zone = _zone!;
        var first = LocalDay(zone, from);
        var last = LocalDay(zone, until);
        // Two intervals meeting at a time the clocks repeat (02:00 on a fall-back night) would share that hour.
        var previousEnd = from;
        for (var day = first; day <= last; day = day.AddDays(1))
        {
            if (_holidays.Contains(day))
            {
                continue;
            }
            foreach (var (openAt, closeAt) in _week[(int)day.DayOfWeek])
            {
                var start = Instant(zone, day, openAt, earliest: true);
                var end = Instant(zone, day, closeAt, earliest: false);
                start = start < previousEnd ? previousEnd : start;
                if (end <= start)
                {
                    continue;
                }
                previousEnd = end;
                yield return (start, end);
            }
        }
    }

    private static DateOnly LocalDay(TimeZoneInfo zone, DateTimeOffset at) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, zone).DateTime);

    /// <summary>
    /// The instant a local wall-clock time on <paramref name="day"/> occurs. A time skipped by a DST change becomes
    /// the moment the clocks jump; a time that occurs twice is its first occurrence for an opening and its second
    /// for a closing, so an interval spanning the repeated hour counts all of it.
    /// </summary>
    private static DateTimeOffset Instant(TimeZoneInfo zone, DateOnly day, TimeSpan time, bool earliest)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified) + time;
        for (var guard = 0; zone.IsInvalidTime(local) && guard < 24 * 60; guard++)
        {
            local = local.AddMinutes(1);
        }
        TimeSpan offset;
        if (zone.IsAmbiguousTime(local))
        {
            var offsets = zone.GetAmbiguousTimeOffsets(local);
            offset = earliest ? offsets.Max() : offsets.Min();
        }
        else
        {
            offset = zone.GetUtcOffset(local);
        }
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }

    /// <summary>
    /// The zone validated when the policy was saved; should this host's time-zone data lack it (a stored ticket read
    /// on another machine), the schedule is read in UTC rather than leaving the ticket unreadable.
    /// </summary>
    private static TimeZoneInfo Zone(string id) => TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Utc;
}
