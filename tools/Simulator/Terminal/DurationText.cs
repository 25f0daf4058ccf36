using System.Globalization;

namespace Switchboard.Simulator.Terminal;

/// <summary>Durations as people type them on a command line: "90s", "2m", "500ms", "1h", or "00:01:30".</summary>
public static class DurationText
{
    /// <exception cref="FormatException">The text is none of the accepted forms, or not positive.</exception>
    public static TimeSpan Parse(string text)
    {
        var value = text.Trim();
        (string Suffix, Func<double, TimeSpan> Unit)[] units =
            [("ms", TimeSpan.FromMilliseconds), ("s", TimeSpan.FromSeconds), ("m", TimeSpan.FromMinutes), ("h", TimeSpan.FromHours)];
        foreach (var (suffix, unit) in units)
        {
            if (value.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)
                && double.TryParse(value[..^suffix.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out var amount) && amount >= 0)
            {
                return unit(amount);
            }
        }
        if (TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var span) && span >= TimeSpan.Zero)
        {
            return span;
        }
        throw new FormatException($"'{text}' is not a duration; write e.g. 90s, 2m, 500ms or 00:01:30.");
    }
}
