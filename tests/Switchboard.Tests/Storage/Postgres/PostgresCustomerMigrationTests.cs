using Npgsql;
using Switchboard.Silo.Storage;
using Switchboard.Silo.Storage.Postgres;
using Switchboard.Testing;

namespace Switchboard.Tests.Storage.Postgres;

/// <summary>
/// deploy/sql/012 on a database that already holds tickets: each row gets the address its opening event names and its
/// assignee as its last agent, so customers and their preferred agents read the same after the upgrade. A database of
/// its own, since the test takes the schema back to version 11.
/// </summary>
public sealed class PostgresCustomerMigrationTests(PostgresDatabaseFixture fixture) : IClassFixture<PostgresDatabaseFixture>
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    [PostgresFact]
    public async Task Rows_written_before_012_get_their_address_and_last_agent_when_it_is_applied()
    {
        await using var dataSource = NpgsqlDataSource.Create(fixture.ConnectionString);
        var store = new PostgresTicketLogStore(dataSource);
        await store.AppendAsync("acme", "t-sms", 0, [new StoredEvent(1, "opened", Start, """{"customerAddress":"+15550100"}""")],
            Row("t-sms", "Sms") with { Assignee = "ann" });
        await store.AppendAsync("acme", "t-erased", 0, [new StoredEvent(1, "opened", Start.AddMinutes(1), """{"customerAddress":"[erased]"}""")],
            Row("t-erased", "Chat"));
        // As a version 11 database holds them: no such columns.
        await using (var back = dataSource.CreateCommand("""
            ALTER TABLE tickets DROP COLUMN customer_identity, DROP COLUMN customer_name, DROP COLUMN last_agent, DROP COLUMN last_assigned_at;
            DELETE FROM schema_version WHERE version = 12;
            """))
        {
            await back.ExecuteNonQueryAsync();
        }

        var output = await TestPostgres.ApplySchemaAsync(fixture.ConnectionString);

        Assert.Contains("applied 012_customer_from_tickets", output, StringComparison.Ordinal);
        // A fresh pool: the old one's connections planned their statements against the table before the change.
        await using var upgraded = NpgsqlDataSource.Create(fixture.ConnectionString);
        store = new PostgresTicketLogStore(upgraded);
        Assert.Equal("ann", await store.ReadPreferredAgentAsync("acme", "c-1"));
        var rows = await store.ReadCustomerAsync("acme", "c-1");
        Assert.Equal([("t-sms", "sms:+15550100"), ("t-erased", null)], rows.Select(r => (r.TicketId, r.Identity)));
    }

    private static TicketIndexRow Row(string ticketId, string channel) =>
        new("acme", ticketId, "Open", channel, "c-1", "default", null, null, 0, "hello", 1);
}
