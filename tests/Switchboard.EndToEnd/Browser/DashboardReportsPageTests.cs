using System.Globalization;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Playwright;
using Switchboard.EndToEnd.Harness;
using Switchboard.V1;
using static Microsoft.Playwright.Assertions;

namespace Switchboard.EndToEnd.Browser;

/// <summary>The dashboard's Reports panel and its live CSAT and abandonment figures, for traffic run through the gRPC API.</summary>
[Collection(ChromiumCollection.Name)]
public sealed class DashboardReportsPageTests(ChromiumFixture chromium)
{
    [Fact]
    public async Task The_reports_panel_shows_the_exact_figures_of_known_traffic_and_its_csv_link_downloads_the_same_report()
    {
        await using var node = await SwitchboardNode.Start();
        var reports = new ReportService.ReportServiceClient(node.WithApiKey(SwitchboardNode.AdminKey));
        await node.Admin.SetCsatSettingsAsync(new() { Settings = new CsatSettings { Enabled = true } });
        await node.Admin.SetSlaPoliciesAsync(new() { Policies = { new SlaPolicy { PolicyId = "standard", FirstReply = Duration.FromTimeSpan(TimeSpan.FromHours(4)) } } });

        // Known traffic: one customer leaves before any agent is there; then alice answers, solves and is rated
        // 4/5 on one ticket, and holds another.
        await node.Channels.SubmitInboundAsync(new() { AdapterId = "webchat", Message = AdapterSession.Message("gone", "gone-1", "Hello?") });
        Assert.True((await node.Channels.EndConversationAsync(new() { AdapterId = "webchat", ConversationId = "gone" })).Abandoned);
        await using var desk = await Scenario.AvailableAgent(node, "alice", "Alice Ames");
        await using var adapter = await AdapterSession.Open(node, "webchat");
        var solved = await Scenario.AssignedTicket(adapter, desk, "r-1", "My invoice is wrong");
        await node.Agents.ReplyAsync(new() { AgentId = "alice", TicketId = solved.TicketId, Body = "Fixed, a new one is on its way." });
        await node.Agents.SolveTicketAsync(new() { AgentId = "alice", TicketId = solved.TicketId });
        var survey = (await adapter.Inbox.Next(r => r.FrameCase == StreamConversationsResponse.FrameOneofCase.Outbound && r.Outbound.Kind == OutboundKind.CsatSurvey)).Outbound;
        await node.Channels.SubmitCsatRatingAsync(new() { AdapterId = "webchat", TicketId = solved.TicketId, SurveyId = survey.CsatSurveyId, Rating = 4, Comment = "Great" });
        await Scenario.AssignedTicket(adapter, desk, "r-2", "And my delivery?");

        var page = await chromium.NewPage();
        await page.GotoAsync(node.WebAddress + "/#key=" + SwitchboardNode.AdminKey);

        // What the Watch stream carries: abandonment on the queue tile, CSAT beside the agent.
        await Expect(page.Locator("[data-queue=default] [data-testid=abandoned]")).ToHaveTextAsync("1");
        await Expect(page.Locator("[data-agent=alice] [data-testid=csat]")).ToHaveTextAsync("4.0 (1)");

        await page.SelectOptionAsync("#report-group", "queue");
        await page.ClickAsync("#report-form button[type=submit]");
        var queue = page.Locator("[data-report-row=default]");
        await Expect(queue.Locator("[data-figure=created]")).ToHaveTextAsync("3");
        var byQueue = await ReportOfPage(page, reports);
        await ExpectRow(queue, byQueue.Rows.Single(r => r.Key == "default"), created: 3, solved: 1, abandoned: 1, sla: "100% (1/1)", csat: "4.0 (1)");
        await ExpectRow(page.Locator("#report-total [data-report-row=Total]"), byQueue.Total, created: 3, solved: 1, abandoned: 1, sla: "100% (1/1)", csat: "4.0 (1)");

        await page.SelectOptionAsync("#report-group", "agent");
        await page.ClickAsync("#report-form button[type=submit]");
        var alice = page.Locator("[data-report-row=alice]");
        await Expect(alice.Locator("[data-figure=solved]")).ToHaveTextAsync("1");
        var byAgent = await ReportOfPage(page, reports);
        await ExpectRow(alice, byAgent.Rows.Single(r => r.Key == "alice"), created: 0, solved: 1, abandoned: 0, sla: "100% (1/1)", csat: "4.0 (1)");
        await ExpectRow(page.Locator("[data-report-row='(no agent)']"), byAgent.Rows.Single(r => r.Key == ""), created: 3, solved: 0, abandoned: 1, sla: "—", csat: "—");
        Assert.NotEqual("—", await alice.Locator("[data-figure=first-reply]").TextContentAsync());
        await page.ScreenshotAsync(new() { Path = Path.Combine(ChromiumFixture.ScreenshotDirectory, "dashboard-reports.png"), FullPage = true });

        // The CSV link downloads the same report as ExportReportCsv, under its file name.
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#report-csv"));
        var query = await PageQuery(page);
        var export = await reports.ExportReportCsvAsync(new()
        {
            StartTime = query.Start, EndTime = query.End, TimeZone = query.Zone, GroupBy = ReportGrouping.Agent,
        });
        Assert.Equal(export.FileName, download.SuggestedFilename);
        var saved = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}-{export.FileName}");
        await download.SaveAsAsync(saved);
        Assert.Equal(export.Csv.ToStringUtf8(), await File.ReadAllTextAsync(saved));
        File.Delete(saved);
        Assert.Contains("\r\nalice,0,1,0,2,", export.Csv.ToStringUtf8(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_reports_panel_shows_a_refusal_in_words()
    {
        await using var node = await SwitchboardNode.Start();
        var page = await chromium.NewPage();
        await page.GotoAsync(node.WebAddress + "/#key=" + SwitchboardNode.AdminKey);
        await Expect(page.Locator("#report-total [data-report-row=Total]")).ToHaveCountAsync(1);

        // Within the browser's zone database but over the 366 days a report may span.
        await page.FillAsync("#report-from", "2024-01-01");
        await page.FillAsync("#report-to", "2026-01-01");
        await page.ClickAsync("#report-form button[type=submit]");

        await Expect(page.Locator("#report-error")).ToContainTextAsync("end_time");
        await Expect(page.Locator("#report-error")).ToContainTextAsync("at most 366 days");
    }

    /// <summary>The range and zone the page asked for, read back from its CSV link.</summary>
    private static async Task<(Timestamp Start, Timestamp End, string Zone)> PageQuery(IPage page)
    {
        var href = await page.Locator("#report-csv").GetAttributeAsync("href") ?? "";
        var query = System.Web.HttpUtility.ParseQueryString(new Uri(new Uri("http://page"), href).Query);
        Timestamp Instant(string name) => Timestamp.FromDateTimeOffset(DateTimeOffset.Parse(query[name]!, CultureInfo.InvariantCulture));
        return (Instant("start_time"), Instant("end_time"), query["time_zone"]!);
    }

    /// <summary>GetReport over gRPC for the range the page shows.</summary>
    private static async Task<GetReportResponse> ReportOfPage(IPage page, ReportService.ReportServiceClient reports)
    {
        var query = await PageQuery(page);
        var grouping = await page.InputValueAsync("#report-group") == "queue" ? ReportGrouping.Queue : ReportGrouping.Agent;
        return await reports.GetReportAsync(new() { StartTime = query.Start, EndTime = query.End, TimeZone = query.Zone, GroupBy = grouping });
    }

    private static async Task ExpectRow(ILocator row, ReportRow figures, long created, long solved, long abandoned, string sla, string csat)
    {
        Assert.Equal((created, solved, abandoned), (figures.TicketsCreated, figures.TicketsSolved, figures.TicketsAbandoned));
        await Expect(row.Locator("[data-figure=created]")).ToHaveTextAsync(created.ToString(CultureInfo.InvariantCulture));
        await Expect(row.Locator("[data-figure=solved]")).ToHaveTextAsync(solved.ToString(CultureInfo.InvariantCulture));
        await Expect(row.Locator("[data-figure=abandoned]")).ToHaveTextAsync(abandoned.ToString(CultureInfo.InvariantCulture));
        await Expect(row.Locator("[data-figure=first-reply]")).ToHaveTextAsync(Shown(figures.FirstReplyTime));
        await Expect(row.Locator("[data-figure=resolution]")).ToHaveTextAsync(Shown(figures.ResolutionTime));
        await Expect(row.Locator("[data-figure=handle]")).ToHaveTextAsync(Shown(figures.HandleTime));
        await Expect(row.Locator("[data-figure=sla]")).ToHaveTextAsync(sla);
        await Expect(row.Locator("[data-figure=csat]")).ToHaveTextAsync(csat);
    }

    /// <summary>A duration as the page writes it: "0.35 s" under ten seconds, "12.3 s" under a minute, "m:ss" or "h:mm:ss" above, "—" when never measured.</summary>
    private static string Shown(DurationFigure? figure)
    {
        if (figure is null || figure.Count == 0 || figure.Average is null)
        {
            return "—";
        }
        // The page reads the JSON form ("0.412345678s"), so this does too.
        var seconds = double.Parse(JsonFormatter.Default.Format(figure.Average).Trim('"').TrimEnd('s'), CultureInfo.InvariantCulture);
        if (seconds < 60)
        {
            return seconds.ToString(seconds < 10 ? "0.00" : "0.0", CultureInfo.InvariantCulture) + " s";
        }
        var whole = (long)Math.Floor(seconds);
        var (h, m, s) = (whole / 3600, whole % 3600 / 60, whole % 60);
        return h > 0 ? $"{h}:{m:00}:{s:00}" : $"{m}:{s:00}";
    }
}
