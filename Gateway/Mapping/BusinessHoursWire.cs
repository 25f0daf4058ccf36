using System.Globalization;
using Switchboard.Contracts.Tickets;
using V1 = Switchboard.V1;

namespace Switchboard.Gateway.Mapping;

/// <summary>Business hours between the wire ("HH:MM" times, "YYYY-MM-DD" holidays, weekdays) and the domain.</summary>
public static class BusinessHoursWire
{
    private static readonly TimeSpan EndOfDay = TimeSpan.FromDays(1);

    public static V1.BusinessHours ToWire(BusinessHours hours)
    {
        var wire = new V1.BusinessHours { TimeZone = hours.TimeZone };
        wire.Open.AddRange(hours.Open.Select(o => new V1.OpenHours { Day = ToWire(o.Day), Start = TimeText(o.Start), End = TimeText(o.End) }));
        wire.Holidays.AddRange(hours.Holidays.Select(d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
        return wire;
    }

    /// <summary>Maps validated business hours (see the request validator); intervals and holidays are kept in order.</summary>
    public static BusinessHours ToDomain(V1.BusinessHours wire) => new(
        wire.TimeZone,
        wire.Open.Select(o => new OpenHours(ToDomain(o.Day), ParsedTime(o.Start), ParsedTime(o.End))).ToArray(),
        wire.Holidays.Select(d => TryParseDate(d, out var date) ? date : throw new FormatException($"'{d}' is not a date")).ToArray());

    /// <summary>Reads "HH:MM" (00:00 to 24:00).</summary>
    public static bool TryParseTime(string text, out TimeSpan time)
    {
        time = default;
        if (text.Length != 5 || text[2] != ':'
            || !int.TryParse(text.AsSpan(0, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var hours)
            || !int.TryParse(text.AsSpan(3, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var minutes)
            || minutes > 59 || hours > 24 || (hours == 24 && minutes > 0))
        {
            return false;
        }
        time = new TimeSpan(hours, minutes, 0);
        return true;
    }

    /// <summary>Reads "YYYY-MM-DD".</summary>
    public static bool TryParseDate(string text, out DateOnly date) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    public static DayOfWeek ToDomain(V1.Weekday day) => (DayOfWeek)((int)day % 7);

    public static V1.Weekday ToWire(DayOfWeek day) => day == DayOfWeek.Sunday ? V1.Weekday.Sunday : (V1.Weekday)(int)day;

    private static TimeSpan ParsedTime(string text) => TryParseTime(text, out var time) ? time : throw new FormatException($"'{text}' is not a time of day");

    private static string TimeText(TimeSpan time) =>
        time >= EndOfDay ? "24:00" : time.ToString(@"hh\:mm", CultureInfo.InvariantCulture);
}
