using Switchboard.Gateway.Hosting;
using Npgsql;
using Switchboard.Silo.Reports;
using Switchboard.Silo.Storage;
using Switchboard.Silo.Storage.Postgres;
using Switchboard.Testing;
using Switchboard.Tests.Storage.Postgres;

namespace Switchboard.Tests.Reports;

/// <summary>Reports over a real PostgreSQL database (schema from deploy/sql), payload::jsonb and all.</summary>
public sealed class PostgresTicketReportStoreTests : TicketReportContract, IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    private readonly PostgresDatabaseFixture _fixture;
    private NpgsqlDataSource? _dataSource;

    public PostgresTicketReportStoreTests(PostgresDatabaseFixture fixture) => _fixture = fixture;

    protected override ITicketLogStore LogStore => new PostgresTicketLogStore(DataSource);

    protected override ITicketReportStore ReportStore => new PostgresTicketReportStore(DataSource);

    // Created on first use, so without a server a [PostgresFact] fails (or skips) in the test, not in set-up.
    private NpgsqlDataSource DataSource => _dataSource ??= NpgsqlDataSource.Create(StorageOptions.Multiplexed(_fixture.ConnectionString));

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_dataSource is not null)
        {
            await _dataSource.DisposeAsync();
        }
    }

    [PostgresFact]
    public Task Days_in_New_York() => Days_in_New_York_count_each_figure_on_the_day_its_event_happened_there();

    [PostgresFact]
    public Task Days_in_UTC() => Days_in_UTC_move_the_late_evening_ticket_to_the_next_day_and_keep_quiet_days();

    [PostgresFact]
    public Task Queues() => Queues_count_each_figure_for_the_queue_the_ticket_was_in_at_the_time();

    [PostgresFact]
    public Task Agents() => Agents_count_what_each_agent_did_and_the_rest_under_no_agent();

    [PostgresFact]
    public Task Totals() => Totals_are_the_same_whatever_the_grouping();

    [PostgresFact]
    public Task Empty_range() => A_range_before_any_ticket_counts_nothing();
}
