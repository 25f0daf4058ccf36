using System.Net;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Switchboard.EndToEnd.Harness;
using Switchboard.Testing;
using Switchboard.V1;

namespace Switchboard.EndToEnd;

/// <summary>
/// Reports through the real API: a conversation run end to end shows in GetReport, the CSV export and
/// /api/reports.csv; in cluster mode the silos read PostgreSQL.
/// </summary>
public sealed class ReportTests
{
    private const string CsvHeader =
        "queue_id,tickets_created,tickets_solved,tickets_abandoned,tickets_assigned," +
        "first_reply_count,first_reply_average_seconds,first_reply_median_seconds," +
        "resolution_count,resolution_average_seconds,resolution_median_seconds," +
        "handle_count,handle_average_seconds,handle_median_seconds," +
        "sla_measured,sla_achieved,sla_achieved_percent,csat_count,csat_average";

    [Fact]
    public async Task A_conversation_run_through_the_api_shows_in_the_report_and_its_csv_export()
    {
        await using var node = await SwitchboardNode.Start();
        var reports = new ReportService.ReportServiceClient(node.WithApiKey(SwitchboardNode.AdminKey));
        var start = DateTimeOffset.UtcNow.AddMinutes(-1);
        await using var desk = await Scenario.AvailableAgent(node, "alice");
        await using var adapter = await AdapterSession.Open(node, "webchat");
        var ticket = await Scenario.AssignedTicket(adapter, desk, "conv-report");
        await node.Agents.ReplyAsync(new() { AgentId = "alice", TicketId = ticket.TicketId, Body = "On it" });
        await node.Agents.SolveTicketAsync(new() { AgentId = "alice", TicketId = ticket.TicketId });
        var end = DateTimeOffset.UtcNow.AddMinutes(1);

        var byAgent = await reports.GetReportAsync(new()
        {
            StartTime = Timestamp.FromDateTimeOffset(start), EndTime = Timestamp.FromDateTimeOffset(end), GroupBy = ReportGrouping.Agent,
        });
        var byDay = await reports.GetReportAsync(new()
        {
            StartTime = Timestamp.FromDateTimeOffset(start), EndTime = Timestamp.FromDateTimeOffset(end), TimeZone = "Asia/Kolkata", GroupBy = ReportGrouping.Day,
        });
        var export = await reports.ExportReportCsvAsync(new()
        {
            StartTime = Timestamp.FromDateTimeOffset(start), EndTime = Timestamp.FromDateTimeOffset(end), GroupBy = ReportGrouping.Queue,
        });

        Assert.Equal(["", "alice"], byAgent.Rows.Select(r => r.Key));
        Assert.Equal(1, byAgent.Rows[0].TicketsCreated);
        var alice = byAgent.Rows[1];
        Assert.Equal((0L, 1L, 1L, 1L, 1L, 1L), (alice.TicketsCreated, alice.TicketsAssigned, alice.TicketsSolved, alice.FirstReplyTime.Count, alice.ResolutionTime.Count, alice.HandleTime.Count));
        var firstReply = alice.FirstReplyTime.Average.ToTimeSpan();
        var resolution = alice.ResolutionTime.Average.ToTimeSpan();
        Assert.InRange(firstReply, TimeSpan.Zero, resolution);
        Assert.InRange(resolution, firstReply, end - start);
        Assert.Equal(firstReply, alice.FirstReplyTime.Median.ToTimeSpan());

        Assert.Equal("Asia/Kolkata", byDay.TimeZone);
        var kolkata = TimeZoneInfo.FindSystemTimeZoneById("Asia/Kolkata");
        var days = new[] { start, end.AddTicks(-1) }.Select(t => TimeZoneInfo.ConvertTime(t, kolkata).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)).Distinct();
        Assert.Equal(days, byDay.Rows.Select(r => r.Key));
        Assert.Equal((1L, 1L), (byDay.Total.TicketsCreated, byDay.Total.TicketsSolved));

        var lines = export.Csv.ToStringUtf8().Split("\r\n");
        Assert.Equal(CsvHeader, lines[0]);
        Assert.StartsWith("default,1,1,0,1,1,", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("total,1,1,0,1,1,", lines[2], StringComparison.Ordinal);
        Assert.Equal("", lines[3]);
        Assert.Equal(4, lines.Length);
        Assert.StartsWith("report-queue-", export.FileName, StringComparison.Ordinal);

        // The web port serves the same export to a supervisor's browser or spreadsheet, and refuses an agent.
        using var http = new HttpClient { BaseAddress = new Uri(node.WebAddress) };
        var link = $"/api/reports.csv?start_time={Uri.EscapeDataString(start.ToString("O"))}&end_time={Uri.EscapeDataString(end.ToString("O"))}&group_by=queue";
        using var download = await http.SendAsync(new HttpRequestMessage(HttpMethod.Get, link) { Headers = { { "x-api-key", SwitchboardNode.AdminKey } } });
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("text/csv", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal(export.Csv.ToStringUtf8(), await download.Content.ReadAsStringAsync());
        var agentKey = (await node.Admin.CreateApiKeyAsync(new() { Name = "alice", Role = Role.Agent, AgentId = "alice" })).Secret;
        using var asAgent = await http.SendAsync(new HttpRequestMessage(HttpMethod.Get, link) { Headers = { { "x-api-key", agentKey } } });
        Assert.Equal(HttpStatusCode.Forbidden, asAgent.StatusCode);
    }

    [PostgresFact]
    public async Task In_cluster_mode_the_silos_report_from_the_postgresql_ticket_log()
    {
        await using var cluster = await PostgresCluster.Start(silos: 1, gateways: 1);
        var gateway = cluster.Gateways[0];
        var reports = new ReportService.ReportServiceClient(gateway.WithApiKey(SwitchboardNode.AdminKey));
        var start = DateTimeOffset.UtcNow.AddMinutes(-1);
        await gateway.Channels.SubmitInboundAsync(new() { AdapterId = "webchat", Message = AdapterSession.Message("conv-pg", "m-1", "Hello from the cluster") });

        var report = await reports.GetReportAsync(new()
        {
            StartTime = Timestamp.FromDateTimeOffset(start),
            EndTime = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddMinutes(1)),
            GroupBy = ReportGrouping.Queue,
        });

        var queue = Assert.Single(report.Rows);
        Assert.Equal(("default", 1L, 0L), (queue.Key, queue.TicketsCreated, queue.TicketsSolved));
    }

    [Fact]
    public async Task Bad_report_requests_are_refused_naming_the_field_at_fault()
    {
        await using var node = await SwitchboardNode.Start();
        var reports = new ReportService.ReportServiceClient(node.WithApiKey(SwitchboardNode.AdminKey));
        var start = new DateTimeOffset(2026, 1, 10, 0, 0, 0, TimeSpan.Zero);
        GetReportRequest Request(DateTimeOffset? from, DateTimeOffset to, string zone = "", ReportGrouping grouping = ReportGrouping.Day) => new()
        {
            StartTime = from is { } f ? Timestamp.FromDateTimeOffset(f) : null,
            EndTime = Timestamp.FromDateTimeOffset(to),
            TimeZone = zone,
            GroupBy = grouping,
        };

        var cases = new (GetReportRequest Request, string Field, string Says)[]
        {
            (Request(null, start), "start_time", "is required"),
            (Request(start, start), "end_time", "must be after start_time"),
            (Request(start, start.AddDays(367)), "end_time", "at most 366 days"),
            (Request(start, start.AddDays(1), "Mars/Olympus_Mons"), "time_zone", "not a known IANA time zone"),
            (Request(start, start.AddDays(1), grouping: ReportGrouping.Unspecified), "group_by", "REPORT_GROUPING_DAY"),
        };
        foreach (var (request, field, says) in cases)
        {
            var refused = await Refusal.Of(StatusCode.InvalidArgument, () => reports.GetReportAsync(request).ResponseAsync);
            Assert.Equal(field, Refusal.FieldOf(refused));
            Assert.Contains(says, refused.Status.Detail, StringComparison.Ordinal);
        }

        using var http = new HttpClient { BaseAddress = new Uri(node.WebAddress) };
        http.DefaultRequestHeaders.Add("x-api-key", SwitchboardNode.AdminKey);
        using var badTime = await http.GetAsync("/api/reports.csv?start_time=yesterday&end_time=2026-01-11T00:00:00Z&group_by=day");
        using var badGrouping = await http.GetAsync("/api/reports.csv?start_time=2026-01-10T00:00:00Z&end_time=2026-01-11T00:00:00Z&group_by=week");
        Assert.Equal(HttpStatusCode.BadRequest, badTime.StatusCode);
        Assert.Contains("start_time", await badTime.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, badGrouping.StatusCode);
        Assert.Contains("group_by", await badGrouping.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
