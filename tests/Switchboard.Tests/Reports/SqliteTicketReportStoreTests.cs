using Switchboard.Silo.Reports;
using Switchboard.Silo.Storage;
using Switchboard.Silo.Storage.Sqlite;
using Switchboard.Tests.Storage;

namespace Switchboard.Tests.Reports;

/// <summary>Reports over a real SQLite file (the embedded store), json_extract and all.</summary>
public sealed class SqliteTicketReportStoreTests : TicketReportContract, IDisposable
{
    private readonly string _path = TemporaryDatabase.NewPath();
    private readonly SqliteDatabase _database;

    public SqliteTicketReportStoreTests()
    {
        _database = new SqliteDatabase(_path);
        LogStore = new SqliteTicketLogStore(_database);
        ReportStore = new SqliteTicketReportStore(_database);
    }

    protected override ITicketLogStore LogStore { get; }

    protected override ITicketReportStore ReportStore { get; }

    public void Dispose() => TemporaryDatabase.Delete(_path);

    [Fact]
    public Task Days_in_New_York() => Days_in_New_York_count_each_figure_on_the_day_its_event_happened_there();

    [Fact]
    public Task Days_in_UTC() => Days_in_UTC_move_the_late_evening_ticket_to_the_next_day_and_keep_quiet_days();

    [Fact]
    public Task Queues() => Queues_count_each_figure_for_the_queue_the_ticket_was_in_at_the_time();

    [Fact]
    public Task Agents() => Agents_count_what_each_agent_did_and_the_rest_under_no_agent();

    [Fact]
    public Task Totals() => Totals_are_the_same_whatever_the_grouping();

    [Fact]
    public Task Empty_range() => A_range_before_any_ticket_counts_nothing();

    [Fact]
    public Task Unknown_zone() => An_unknown_time_zone_is_refused();
}
