using Google.Protobuf.WellKnownTypes;
using Switchboard.Contracts.Reports;
using V1 = Switchboard.V1;

namespace Switchboard.Gateway.Mapping;

/// <summary>Reports between the domain and the wire.</summary>
public static class ReportWire
{
    public static ReportGrouping ToDomain(V1.ReportGrouping grouping) => grouping switch
    {
        V1.ReportGrouping.Day => ReportGrouping.Day,
        V1.ReportGrouping.Queue => ReportGrouping.Queue,
        V1.ReportGrouping.Agent => ReportGrouping.Agent,
        _ => throw new ArgumentOutOfRangeException(nameof(grouping), grouping, "Validated before mapping."),
    };

    public static V1.GetReportResponse ToWire(TicketReport report)
    {
        var response = new V1.GetReportResponse { Total = ToWire(report.Total), TimeZone = report.Query.TimeZone };
        response.Rows.AddRange(report.Rows.Select(ToWire));
        return response;
    }

    public static V1.ReportRow ToWire(ReportRow row)
    {
        var wire = new V1.ReportRow
        {
            Key = row.Key,
            TicketsCreated = row.Created,
            TicketsSolved = row.Solved,
            TicketsAbandoned = row.Abandoned,
            TicketsAssigned = row.Assigned,
            FirstReplyTime = ToWire(row.FirstReply),
            ResolutionTime = ToWire(row.Resolution),
            HandleTime = ToWire(row.Handle),
            SlaMeasured = row.SlaMeasured,
            SlaAchieved = row.SlaAchieved,
            CsatCount = row.CsatCount,
        };
        if (row.SlaAchievedPercent is { } percent)
        {
            wire.SlaAchievedPercent = percent;
        }
        if (row.CsatAverage is { } average)
        {
            wire.CsatAverage = average;
        }
        return wire;
    }

    private static V1.DurationFigure ToWire(DurationFigure figure) => new()
    {
        Count = figure.Count,
        Average = figure.Average is { } average ? Duration.FromTimeSpan(average) : null,
        Median = figure.Median is { } median ? Duration.FromTimeSpan(median) : null,
    };
}
