using Npgsql;
using Switchboard.Silo.Storage;
using Switchboard.Silo.Storage.Postgres;
using Switchboard.Testing;

namespace Switchboard.Tests.Storage.Postgres;

/// <summary>
/// The preferred-agent lookup runs for every new ticket, and a pooled connection may keep a generic plan made on
/// whatever statistics the table had. These are the statistics of a young table, taken before any ticket had an agent:
/// the lookup must still read a few index entries, not the table (deploy/sql/014). A database of its own, since the
/// test analyzes the table in a chosen state.
/// </summary>
public sealed class PostgresPreferredAgentPlanTests(PostgresDatabaseFixture fixture) : IClassFixture<PostgresDatabaseFixture>
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    [PostgresFact]
    public async Task Lookups_made_together_each_get_their_own_customers_agent()
    {
        await using var dataSource = NpgsqlDataSource.Create(fixture.ConnectionString);
        var store = new PostgresTicketLogStore(dataSource);
        var customers = Enumerable.Range(0, 60).Select(i => $"together-{i}").ToArray();
        // Even customers had agent-{i} on their last ticket (and someone else on an older one); odd ones had none.
        foreach (var (customer, i) in customers.Select((c, i) => (c, i)).Where(c => c.i % 2 == 0))
        {
            foreach (var (ticket, agent, at) in new[] { ($"{customer}-old", "someone-else", Start), ($"{customer}-new", $"agent-{i}", Start.AddHours(1)) })
            {
                await store.AppendAsync("together", ticket, 0, [new StoredEvent(1, "opened", at, "{}")],
                    new TicketIndexRow("together", ticket, "Solved", "Chat", customer, "default", null, null, 0, "", 1) { LastAgentId = agent, LastAssignedAt = at });
            }
        }

        var agents = await Task.WhenAll(customers.Select(c => store.ReadPreferredAgentAsync("together", c)));

        Assert.Equal(customers.Select((_, i) => i % 2 == 0 ? $"agent-{i}" : null), agents);
    }

    [PostgresFact]
    public async Task The_lookup_reads_its_index_under_statistics_taken_before_any_ticket_had_an_agent()
    {
        await using var dataSource = NpgsqlDataSource.Create(fixture.ConnectionString);
        await Execute(dataSource, """
            INSERT INTO tickets (tenant, ticket_id, status, channel, customer_id, queue_id, priority, preview, last_sequence, updated_at)
            SELECT 'acme', 'early-' || g, 'Open', 'Chat', 'c-first', 'default', 0, '', 1, now() FROM generate_series(1, 200) g;
            ANALYZE tickets;
            INSERT INTO tickets (tenant, ticket_id, status, channel, customer_id, queue_id, priority, preview, last_sequence, updated_at, last_agent, last_assigned_at)
            SELECT 'acme', 'later-' || g, 'Solved', 'Chat', 'c-' || g, 'default', 0, '', 3, now(), 'agent-' || (g % 50), now() - g * interval '1 second'
            FROM generate_series(1, 20000) g;
            """);
        var store = new PostgresTicketLogStore(dataSource);
        await store.AppendAsync("acme", "t-newer", 0, [new StoredEvent(1, "opened", Start, "{}")],
            new TicketIndexRow("acme", "t-newer", "Solved", "Chat", "c-777", "default", null, null, 0, "", 1)
            {
                LastAgentId = "ann",
                LastAssignedAt = DateTimeOffset.UtcNow.AddHours(1),
            });

        Assert.Equal("ann", await store.ReadPreferredAgentAsync("acme", "c-777"));
        Assert.Null(await store.ReadPreferredAgentAsync("acme", "c-first"));

        // The plan a connection keeps once it plans the statement generically, as the server may after five runs.
        await using var connection = await dataSource.OpenConnectionAsync();
        await Execute(connection, $"SET plan_cache_mode = force_generic_plan; PREPARE preferred AS {PostgresTicketLogStore.PreferredAgentsQuery};");
        var text = await PostgresPlan.Explain(connection, "EXECUTE preferred('{acme,acme}', '{c-777,c-first}')", "ANALYZE, BUFFERS, FORMAT TEXT");
        Assert.Contains("Index Scan using tickets_last_agent", text, StringComparison.Ordinal);
        Assert.Contains("loops=2", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Seq Scan", text, StringComparison.Ordinal);
        Assert.DoesNotContain("tickets_pkey", text, StringComparison.Ordinal);
    }

    private static async Task Execute(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task Execute(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
