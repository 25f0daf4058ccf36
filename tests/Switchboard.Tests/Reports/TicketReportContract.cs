using Switchboard.Contracts;
using Switchboard.Contracts.Reports;
using Switchboard.Silo.Reports;
using Switchboard.Silo.Storage;

namespace Switchboard.Tests.Reports;

/// <summary>
/// The exact figures <see cref="ReportTraffic"/> must give, whichever database holds the logs; each store's test
/// class runs these against a real database.
/// </summary>
public abstract class TicketReportContract
{
    private readonly string _tenant = $"acme{Guid.NewGuid():N}"[..20];
    private readonly string _otherTenant = $"other{Guid.NewGuid():N}"[..20];
    private bool _seeded;

    protected abstract ITicketLogStore LogStore { get; }

    protected abstract ITicketReportStore ReportStore { get; }

    protected async Task Days_in_New_York_count_each_figure_on_the_day_its_event_happened_there()
    {
        var report = await Report("America/New_York", ReportGrouping.Day);

        Assert.Equal(
            [
                new ReportRow("2026-01-10", 3, 2, 1, 3, Figure(2, 12.5, 12.5), Figure(2, 75, 75), new(3, TimeSpan.FromSeconds(2560), TimeSpan.FromMinutes(40)), 2, 1, 2, 8),
                new ReportRow("2026-01-11", 0, 1, 0, 1, Figure(1, 1590, 1590), Figure(1, 1620, 1620), Figure(1, 60, 60), 0, 0, 0, 0),
            ],
            report.Rows);
        Assert.Equal(50.0, report.Rows[0].SlaAchievedPercent);
        Assert.Equal(4.0, report.Rows[0].CsatAverage);
        Assert.Null(report.Rows[1].SlaAchievedPercent);
        Assert.Null(report.Rows[1].CsatAverage);
    }

    protected async Task Days_in_UTC_move_the_late_evening_ticket_to_the_next_day_and_keep_quiet_days()
    {
        var report = await Report("UTC", ReportGrouping.Day);

        Assert.Equal(
            [
                new ReportRow("2026-01-10", 2, 2, 0, 3, Figure(2, 12.5, 12.5), Figure(2, 75, 75), new(3, TimeSpan.FromSeconds(2560), TimeSpan.FromMinutes(40)), 2, 1, 2, 8),
                new ReportRow("2026-01-11", 1, 1, 1, 1, Figure(1, 1590, 1590), Figure(1, 1620, 1620), Figure(1, 60, 60), 0, 0, 0, 0),
                new ReportRow("2026-01-12", 0, 0, 0, 0, DurationFigure.None, DurationFigure.None, DurationFigure.None, 0, 0, 0, 0),
            ],
            report.Rows);
    }

    protected async Task Queues_count_each_figure_for_the_queue_the_ticket_was_in_at_the_time()
    {
        var report = await Report("Europe/Paris", ReportGrouping.Queue);

        Assert.Equal(
            [
                new ReportRow("billing", 0, 1, 0, 1, DurationFigure.None, Figure(1, 120, 120), Figure(1, 40, 40), 1, 0, 1, 3),
                new ReportRow("sales", 2, 1, 0, 2, Figure(2, 12.5, 12.5), Figure(1, 30, 30), Figure(2, 44, 44), 1, 1, 1, 5),
                new ReportRow("support", 1, 1, 1, 1, Figure(1, 1590, 1590), Figure(1, 1620, 1620), Figure(1, 60, 60), 0, 0, 0, 0),
            ],
            report.Rows);
        Assert.Equal(0.0, report.Rows[0].SlaAchievedPercent);
    }

    protected async Task Agents_count_what_each_agent_did_and_the_rest_under_no_agent()
    {
        var report = await Report("UTC", ReportGrouping.Agent);

        Assert.Equal(
            [
                new ReportRow("", 3, 0, 1, 0, DurationFigure.None, DurationFigure.None, DurationFigure.None, 0, 0, 0, 0),
                new ReportRow("alice", 0, 2, 0, 2, Figure(1, 5, 5), Figure(2, 75, 75), Figure(2, 34, 34), 2, 1, 2, 8),
                new ReportRow("bob", 0, 0, 0, 1, Figure(1, 20, 20), DurationFigure.None, Figure(1, 60, 60), 0, 0, 0, 0),
                new ReportRow("carol", 0, 1, 0, 1, Figure(1, 1590, 1590), Figure(1, 1620, 1620), Figure(1, 60, 60), 0, 0, 0, 0),
            ],
            report.Rows);
    }

    protected async Task Totals_are_the_same_whatever_the_grouping()
    {
        var expected = new ReportRow("", 3, 3, 1, 4, new(3, TimeSpan.FromSeconds(32300), TimeSpan.FromMinutes(20)), Figure(3, 590, 120), Figure(4, 47, 50), 2, 1, 2, 8);
        foreach (var grouping in Enum.GetValues<ReportGrouping>())
        {
            Assert.Equal(expected, (await Report("Asia/Tokyo", grouping)).Total);
        }
    }

    protected async Task A_range_before_any_ticket_counts_nothing()
    {
        await Seed();
        var query = new ReportQuery(ReportTraffic.From.AddDays(-30), ReportTraffic.From.AddDays(-29), "UTC", ReportGrouping.Queue);

        var report = await TicketReportBuilder.BuildAsync(query, ReportStore.ReadAsync(_tenant, query.From, query.To));

        Assert.Empty(report.Rows);
        Assert.Equal(0, report.Total.Created);
    }

    protected async Task An_unknown_time_zone_is_refused()
    {
        var query = new ReportQuery(ReportTraffic.From, ReportTraffic.To, "Mars/Olympus_Mons", ReportGrouping.Day);

        var refusal = await Assert.ThrowsAsync<SwitchboardException>(() =>
            TicketReportBuilder.BuildAsync(query, ReportStore.ReadAsync(_tenant, query.From, query.To)));
        Assert.Equal(SwitchboardError.InvalidArgument, refusal.Error);
    }

    private async Task Seed()
    {
        if (!_seeded)
        {
            await ReportTraffic.AppendAsync(LogStore, _tenant, _otherTenant);
            _seeded = true;
        }
    }

    private async Task<TicketReport> Report(string zone, ReportGrouping grouping)
    {
        await Seed();
        var query = new ReportQuery(ReportTraffic.From, ReportTraffic.To, zone, grouping);
        return await TicketReportBuilder.BuildAsync(query, ReportStore.ReadAsync(_tenant, query.From, query.To));
    }

    private static DurationFigure Figure(long count, double averageMinutes, double medianMinutes) =>
        new(count, TimeSpan.FromMinutes(averageMinutes), TimeSpan.FromMinutes(medianMinutes));
}
