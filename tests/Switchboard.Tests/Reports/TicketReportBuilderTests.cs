using Switchboard.Contracts.Reports;
using Switchboard.Silo.Reports;

namespace Switchboard.Tests.Reports;

/// <summary>The figure definitions on single tickets, without a database.</summary>
public sealed class TicketReportBuilderTests
{
    private static readonly DateTimeOffset Opened = new(2026, 3, 28, 22, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_reopened_ticket_has_one_first_reply_and_a_resolution_for_each_solve()
    {
        var report = Build(ReportGrouping.Agent,
            Row("opened", 0), Row("queued", 0, queue: "sales"), Row("assigned", 1, agent: "ann"),
            Row("agent_reply", 4, agent: "ann"), Row("solved", 10, agent: "ann"),
            Row("queued", 30, queue: "sales"), Row("assigned", 31, agent: "ann"), Row("agent_reply", 32, agent: "ann"),
            Row("solved", 40, agent: "ann"));

        var ann = Assert.Single(report.Rows, r => r.Key == "ann");
        Assert.Equal(2, ann.Solved);
        Assert.Equal(2, ann.Assigned);
        Assert.Equal(new DurationFigure(1, TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(4)), ann.FirstReply);
        Assert.Equal(new DurationFigure(2, TimeSpan.FromMinutes(25), TimeSpan.FromMinutes(25)), ann.Resolution);
        Assert.Equal(new DurationFigure(2, TimeSpan.FromMinutes(9), TimeSpan.FromMinutes(9)), ann.Handle);
    }

    [Fact]
    public void Handling_ends_when_the_assignee_goes_offline_or_the_ticket_is_closed_and_counts_for_that_queue()
    {
        var report = Build(ReportGrouping.Queue,
            Row("opened", 0), Row("queued", 0, queue: "sales"), Row("assigned", 2, agent: "ann"),
            Row("unassigned", 7), Row("queued", 7, queue: "sales"), Row("transferred", 8), Row("queued", 8, queue: "vip"),
            Row("assigned", 9, agent: "bob"), Row("closed", 21));

        Assert.Equal(["sales", "vip"], report.Rows.Select(r => r.Key));
        Assert.Equal(new DurationFigure(1, TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(5)), report.Rows[0].Handle);
        Assert.Equal(new DurationFigure(1, TimeSpan.FromMinutes(12), TimeSpan.FromMinutes(12)), report.Rows[1].Handle);
        Assert.Equal(0, report.Total.Solved);
    }

    [Fact]
    public void A_macro_without_a_reply_is_not_a_first_reply_and_a_policy_removed_is_not_measured()
    {
        var report = Build(ReportGrouping.Agent,
            Row("opened", 0), Row("sla_policy_applied", 0, policy: "gold"), Row("queued", 0, queue: "sales"),
            Row("assigned", 1, agent: "ann"), Row("macro_applied", 2, agent: "ann"), Row("sla_policy_applied", 3, policy: null),
            Row("macro_applied", 6, agent: "ann", reply: true, status: "solved"));

        var ann = Assert.Single(report.Rows, r => r.Key == "ann");
        Assert.Equal(new DurationFigure(1, TimeSpan.FromMinutes(6), TimeSpan.FromMinutes(6)), ann.FirstReply);
        Assert.Equal(1, ann.Solved);
        Assert.Equal(0, ann.SlaMeasured);
    }

    [Fact]
    public void Days_follow_the_zone_across_a_daylight_saving_change()
    {
        // Paris moves to summer time at 01:00Z on 29 March 2026: 22:00Z on the 28th is 23:00 there, 23:30Z is 00:30
        // on the 29th, and 22:30Z on the 29th is already 00:30 on the 30th (it would still be the 29th at UTC+1).
        var query = new ReportQuery(Opened.AddHours(-22), Opened.AddHours(26), "Europe/Paris", ReportGrouping.Day);
        var builder = new TicketReportBuilder(query);
        builder.AddTicket([Row("opened", 0), Row("queued", 0, queue: "sales")]);
        builder.AddTicket([Row("opened", 90, ticket: "t-2"), Row("queued", 90, queue: "sales", ticket: "t-2")]);
        builder.AddTicket([Row("opened", (24 * 60) + 30, ticket: "t-3")]);

        var report = builder.ToReport();

        Assert.Equal(["2026-03-28", "2026-03-29", "2026-03-30"], report.Rows.Select(r => r.Key));
        Assert.Equal([1L, 1L, 1L], report.Rows.Select(r => r.Created));
    }

    private static TicketReport Build(ReportGrouping grouping, params ReportEvent[] log)
    {
        var builder = new TicketReportBuilder(new ReportQuery(Opened, Opened.AddDays(1), "UTC", grouping));
        builder.AddTicket(log);
        return builder.ToReport();
    }

    private static ReportEvent Row(
        string kind, int minute, string? queue = null, string? agent = null, string? policy = null, bool reply = false, string? status = null, string ticket = "t-1") =>
        new(ticket, kind, Opened.AddMinutes(minute), queue, agent, policy, status, reply, null);
}
