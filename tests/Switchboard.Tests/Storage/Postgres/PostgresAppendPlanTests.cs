using Npgsql;
using Switchboard.Silo.Storage.Postgres;
using Switchboard.Testing;

namespace Switchboard.Tests.Storage.Postgres;

/// <summary>
/// A message to a waiting ticket writes only its index row's position (<c>AppendEventsAdvancing</c>), and a pooled
/// connection may keep a generic plan of it made while the table was young. That plan must still find the row by its
/// primary key: an UPDATE planned on one row found it through (tenant, customer_id) and filtered every row of the tenant.
/// The same holds for a group's shared appends (<c>PostgresGroupAppend</c>) and for the grain-state read every new
/// conversation runs. A database of its own, since the tests analyze
/// tables in a chosen state.
/// </summary>
public sealed class PostgresAppendPlanTests(PostgresDatabaseFixture fixture) : IClassFixture<PostgresDatabaseFixture>
{
    [PostgresFact]
    public async Task A_position_only_append_planned_on_a_young_table_still_finds_the_row_by_its_key()
    {
        await using var dataSource = NpgsqlDataSource.Create(fixture.ConnectionString);
        await using var connection = await dataSource.OpenConnectionAsync();
        await Execute(connection, $"""
            INSERT INTO tickets (tenant, ticket_id, status, channel, customer_id, queue_id, priority, preview, last_sequence, updated_at)
            VALUES ('acme', 't-1', 'New', 'Chat', 'c-1', 'default', 1, 'hello', 1, now());
            INSERT INTO ticket_events (tenant, ticket_id, sequence, kind, occurred_at, payload) VALUES ('acme', 't-1', 1, 'opened', now(), '{"{}"}');
            ANALYZE tickets;
            SET plan_cache_mode = force_generic_plan;
            PREPARE advance(text, text, text, text, text, text, integer, text, bigint, timestamptz, bigint, bigint[], text[], timestamptz[], text[])
                AS {PostgresTicketLogStore.AppendEventsAdvancing};
            INSERT INTO tickets (tenant, ticket_id, status, channel, customer_id, queue_id, priority, preview, last_sequence, updated_at)
            SELECT 'acme', 'later-' || g, 'New', 'Chat', 'c-' || g, 'default', 1, 'hello', 1, now() FROM generate_series(1, 20000) g;
            """);

        var text = await PostgresPlan.Explain(connection, """
            EXECUTE advance('acme', 't-1', 'New', 'Chat', 'c-1', 'default', 1, 'hello', 2, now(),
                1, '{2}', '{customer_message}', ARRAY[now()], '{"{}"}')
            """);
        Assert.Contains("Conflict Arbiter Indexes: tickets_pkey", text, StringComparison.Ordinal);
        Assert.Contains("Conflicting Tuples: 1", text, StringComparison.Ordinal);
        Assert.DoesNotContain("tickets_by_customer", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Seq Scan on tickets", text, StringComparison.Ordinal);
        await using var position = new NpgsqlCommand("SELECT last_sequence FROM tickets WHERE tenant = 'acme' AND ticket_id = 't-1'", connection);
        Assert.Equal(2L, await position.ExecuteScalarAsync());
    }

    [PostgresFact]
    public async Task A_groups_shared_appends_planned_on_young_tables_still_find_each_row_by_its_key()
    {
        await using var dataSource = NpgsqlDataSource.Create(fixture.ConnectionString);
        await using var connection = await dataSource.OpenConnectionAsync();
        await Execute(connection, $"""
            INSERT INTO tickets (tenant, ticket_id, status, channel, customer_id, queue_id, priority, preview, last_sequence, updated_at)
            VALUES ('shared', 's-1', 'New', 'Chat', 'c-1', 'default', 1, 'hello', 1, now()), ('shared', 's-2', 'New', 'Chat', 'c-2', 'default', 1, 'hello', 1, now());
            INSERT INTO ticket_events (tenant, ticket_id, sequence, kind, occurred_at, payload)
            VALUES ('shared', 's-1', 1, 'opened', now(), '{"{}"}'), ('shared', 's-2', 1, 'opened', now(), '{"{}"}');
            ANALYZE tickets;
            ANALYZE ticket_events;
            SET plan_cache_mode = force_generic_plan;
            PREPARE advance_all AS {PostgresGroupAppend.Advancing};
            PREPARE rewrite_all AS {PostgresGroupAppend.Rewriting};
            INSERT INTO tickets (tenant, ticket_id, status, channel, customer_id, queue_id, priority, preview, last_sequence, updated_at)
            SELECT 'shared', 'later-' || g, 'New', 'Chat', 'c-' || g, 'default', 1, 'hello', 1, now() FROM generate_series(1, 20000) g;
            INSERT INTO ticket_events (tenant, ticket_id, sequence, kind, occurred_at, payload)
            SELECT 'shared', 'later-' || g, 1, 'opened', now(), '{"{}"}' FROM generate_series(1, 20000) g;
            """);

        var advanced = await PostgresPlan.Explain(connection, """
            EXECUTE advance_all('{shared}', '{s-1}', '{New}', '{Chat}', '{c-1}', '{default}', '{1}', '{hello}', '{2}', ARRAY[now()], '{1}',
                '{1}', '{2}', '{customer_message}', ARRAY[now()], '{"{}"}')
            """);
        var rewritten = await PostgresPlan.Explain(connection, """
            EXECUTE rewrite_all('{shared}', '{s-2}', '{Open}', '{Chat}', '{c-2}', '{default}', '{alice}', ARRAY[NULL::timestamptz], '{1}', '{hello}',
                '{2}', ARRAY[now()], '{NULL}', '{NULL}', '{NULL}', ARRAY[NULL::timestamptz], ARRAY[NULL::bigint], '{NULL}', '{NULL}', '{alice}',
                ARRAY[now()], ARRAY[NULL::timestamptz], '{1}',
                '{1}', '{2}', '{assigned}', ARRAY[now()], '{"{}"}')
            """);
        foreach (var text in new[] { advanced, rewritten })
        {
            Assert.Contains("Conflict Arbiter Indexes: tickets_pkey", text, StringComparison.Ordinal);
            Assert.Contains("Conflicting Tuples: 1", text, StringComparison.Ordinal);
            Assert.Contains("ticket_events_pkey", text, StringComparison.Ordinal);
            Assert.DoesNotContain("tickets_by_customer", text, StringComparison.Ordinal);
            Assert.DoesNotContain("Seq Scan on ticket", text, StringComparison.Ordinal);
        }
        await using var positions = new NpgsqlCommand(
            "SELECT string_agg(ticket_id || ':' || last_sequence || ':' || coalesce(assignee, '-'), ',' ORDER BY ticket_id) FROM tickets WHERE tenant = 'shared' AND ticket_id LIKE 's-%'",
            connection);
        Assert.Equal("s-1:2:-,s-2:2:alice", await positions.ExecuteScalarAsync());
    }

    [PostgresFact]
    public async Task Logs_read_together_planned_on_a_young_table_still_read_each_ticket_by_its_key()
    {
        await using var dataSource = NpgsqlDataSource.Create(fixture.ConnectionString);
        await using var connection = await dataSource.OpenConnectionAsync();
        await Execute(connection, $"""
            INSERT INTO ticket_events (tenant, ticket_id, sequence, kind, occurred_at, payload) VALUES ('logs', 'l-1', 1, 'opened', now(), '{"{}"}');
            ANALYZE ticket_events;
            SET plan_cache_mode = force_generic_plan;
            PREPARE read_logs AS {PostgresTicketLogStore.LogsQuery};
            INSERT INTO ticket_events (tenant, ticket_id, sequence, kind, occurred_at, payload)
            SELECT 'logs', 'later-' || (g / 4), g % 4 + 1, 'customer_message', now(), '{"{}"}' FROM generate_series(0, 79999) g;
            """);

        var text = await PostgresPlan.Explain(connection, "EXECUTE read_logs('{logs,logs,logs}', '{l-1,later-7,missing}')");
        Assert.Contains("ticket_events_pkey", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Seq Scan", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Hash Join", text, StringComparison.Ordinal);
        await using var read = new NpgsqlCommand("EXECUTE read_logs('{logs,logs,logs}', '{l-1,later-7,missing}')", connection);
        var rows = new List<string>();
        await using (var reader = await read.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                rows.Add($"{reader.GetInt64(0)}:{reader.GetInt64(1)}");
            }
        }
        Assert.Equal(["1:1", "2:1", "2:2", "2:3", "2:4"], rows);
    }

    [PostgresFact]
    public async Task A_grain_state_read_planned_on_a_young_table_still_reads_one_row_by_its_key()
    {
        await using var dataSource = NpgsqlDataSource.Create(fixture.ConnectionString);
        await using var connection = await dataSource.OpenConnectionAsync();
        await Execute(connection, $"""
            INSERT INTO orleans_grain_state (service_id, grain_type_hash, grain_type, grain_id_hash, grain_id_n0, grain_id_n1, grain_id_extension, payload, version)
            VALUES ('svc', 7, 'conversation', 1, 0, 0, 'acme/webchat:c-1', '\x01', 1);
            ANALYZE orleans_grain_state;
            SET plan_cache_mode = force_generic_plan;
            PREPARE read_state AS {PostgresGrainStorage.ReadStatement};
            INSERT INTO orleans_grain_state (service_id, grain_type_hash, grain_type, grain_id_hash, grain_id_n0, grain_id_n1, grain_id_extension, payload, version)
            SELECT 'svc', 7, 'conversation', 1 + g, 0, 0, 'acme/webchat:c-later-' || g, '\x01', 1 FROM generate_series(1, 20000) g;
            """);

        var text = await PostgresPlan.Explain(connection, "EXECUTE read_state('{1}', '{7}', '{conversation}', '{acme/webchat:c-1}', 'svc')");
        Assert.Contains("Index Scan", text, StringComparison.Ordinal);
        Assert.Contains("rows=1 loops=1", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Rows Removed by Filter", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Seq Scan", text, StringComparison.Ordinal);
    }

    private static async Task Execute(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
