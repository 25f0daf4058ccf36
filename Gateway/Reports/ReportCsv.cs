using System.Globalization;
using System.Text;
using Switchboard.Contracts.Reports;

namespace Switchboard.Gateway.Reports;

/// <summary>
/// A report as CSV (RFC 4180: comma-separated, CRLF, quoted where needed): a header, one line per row, then a
/// line keyed "total". Durations in seconds; empty cells where a figure has no samples.
/// </summary>
public static class ReportCsv
{
    private static readonly string[] Figures =
    [
        "tickets_created", "tickets_solved", "tickets_abandoned", "tickets_assigned",
        "first_reply_count", "first_reply_average_seconds", "first_reply_median_seconds",
        "resolution_count", "resolution_average_seconds", "resolution_median_seconds",
        "handle_count", "handle_average_seconds", "handle_median_seconds",
        "sla_measured", "sla_achieved", "sla_achieved_percent", "csat_count", "csat_average",
    ];

    public static string Write(TicketReport report)
    {
        var csv = new StringBuilder();
        Line(csv, [KeyColumn(report.Query.GroupBy), .. Figures]);
        foreach (var row in report.Rows)
        {
            Line(csv, Cells(row.Key, row));
        }
        Line(csv, Cells("total", report.Total));
        return csv.ToString();
    }

    /// <summary>A file name that says what the report holds.</summary>
    public static string FileName(ReportQuery query) =>
        string.Create(CultureInfo.InvariantCulture, $"report-{KeyColumn(query.GroupBy).Replace("_id", "", StringComparison.Ordinal)}-{query.From.UtcDateTime:yyyyMMdd'T'HHmm'Z'}-{query.To.UtcDateTime:yyyyMMdd'T'HHmm'Z'}.csv");

    private static string KeyColumn(ReportGrouping grouping) => grouping switch
    {
        ReportGrouping.Day => "day",
        ReportGrouping.Queue => "queue_id",
        _ => "agent_id",
    };

    private static string[] Cells(string key, ReportRow row) =>
    [
        key, Number(row.Created), Number(row.Solved), Number(row.Abandoned), Number(row.Assigned),
        .. Duration(row.FirstReply), .. Duration(row.Resolution), .. Duration(row.Handle),
        Number(row.SlaMeasured), Number(row.SlaAchieved), Decimal(row.SlaAchievedPercent), Number(row.CsatCount), Decimal(row.CsatAverage),
    ];

    private static string[] Duration(DurationFigure figure) => [Number(figure.Count), Seconds(figure.Average), Seconds(figure.Median)];

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Seconds(TimeSpan? value) => value is { } v ? v.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) : "";

    private static string Decimal(double? value) => value is { } v ? v.ToString("0.##", CultureInfo.InvariantCulture) : "";

    private static void Line(StringBuilder csv, string[] cells)
    {
        for (var i = 0; i < cells.Length; i++)
        {
            if (i > 0)
            {
                csv.Append(',');
            }
            var cell = cells[i];
            csv.Append(cell.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{cell.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : cell);
        }
        csv.Append("\r\n");
    }
}
