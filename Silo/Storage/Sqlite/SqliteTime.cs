using System.Globalization;

namespace Switchboard.Silo.Storage.Sqlite;

/// <summary>How the embedded database writes instants as TEXT.</summary>
internal static class SqliteTime
{
    // Fixed-width UTC round-trip format, so text order is time order in indexes and comparisons.
    public const string Format = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    /// <summary>The length of every time written in <see cref="Format"/>.</summary>
    public const int TextLength = 28;

    public static string ToText(DateTimeOffset time) => time.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture);

    /// <summary>The time as text, or null (SQL NULL) when there is none.</summary>
    public static string? ToText(DateTimeOffset? time) => time is { } value ? ToText(value) : null;

    public static string ToText(DateTime utcTime) => DateTime.SpecifyKind(utcTime, DateTimeKind.Utc).ToString(Format, CultureInfo.InvariantCulture);

    public static DateTime ToUtcDateTime(string text) =>
        DateTime.ParseExact(text, Format, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
}
