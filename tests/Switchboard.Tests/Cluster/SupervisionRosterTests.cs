using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Switchboard.Contracts.Agents;
using Switchboard.Contracts.Supervision;
using Switchboard.Silo.Storage.Sqlite;
using Switchboard.Silo.Supervision;

namespace Switchboard.Tests.Cluster;

/// <summary>
/// The supervision grain's roster (which agents a tenant has) is durable so a fresh activation knows whom to ask for
/// figures; a shift signing in writes it in a few batches, not once per agent with the whole roster each time.
/// </summary>
[Collection(SwitchboardClusterCollection.Name)]
public sealed class SupervisionRosterTests(SwitchboardClusterFixture fixture)
{
    private const int Agents = 400;

    [Fact]
    public async Task A_shift_signing_in_is_written_to_the_roster_in_a_few_writes_and_the_roster_outlives_the_activation()
    {
        var tenant = $"t{Guid.NewGuid():N}";
        var supervision = fixture.Client.GetGrain<ISupervisionGrain>(tenant);
        await using var counter = await WriteCounter.Install(fixture.DatabasePath, tenant);

        await Parallel.ForEachAsync(Enumerable.Range(0, Agents), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
            await supervision.AgentChanged(Figures($"agent-{i:000}")));
        await Poll.Until(supervision.GetFloor, floor => floor.Agents.Count == Agents, "the floor shows every agent");
        var stored = await Poll.Until(() => StoredRoster(supervision), roster => roster.Count == Agents, "every agent is in the stored roster");

        // One write per agent would be 400; a batch every 250 ms leaves a handful (the 400 calls take well under 2 s).
        Assert.InRange(await counter.Count(), 1, 20);
        await fixture.Cluster.DeactivateAsync(supervision);
        Assert.Equal(Enumerable.Range(0, Agents).Select(i => $"agent-{i:000}").Order(), (await StoredRoster(supervision)).Order());
    }

    private async Task<IReadOnlyCollection<string>> StoredRoster(ISupervisionGrain supervision)
    {
        var silo = fixture.Cluster.Silos[0].ServiceProvider;
        var storage = new SqliteGrainStorage(new SqliteDatabase(fixture.DatabasePath), silo.GetRequiredService<Serializer>(), TimeProvider.System);
        var state = new GrainState<SupervisionState>(new SupervisionState());
        await storage.ReadStateAsync("supervision", supervision.GetGrainId(), state);
        return state.State!.AgentIds;
    }

    private static AgentFigures Figures(string agentId) =>
        new(agentId, agentId, Presence.Available, DateTimeOffset.UtcNow, [], 0, 0, [AgentProfile.DefaultQueueId]);

    /// <summary>Counts the writes of one tenant's supervision record with a trigger, dropped afterwards.</summary>
    private sealed class WriteCounter(string databasePath, string name) : IAsyncDisposable
    {
        public static async Task<WriteCounter> Install(string databasePath, string tenant)
        {
            var name = $"roster_writes_{tenant}";
            await Execute(databasePath, $"""
                CREATE TABLE {name} (n INTEGER NOT NULL);
                CREATE TRIGGER {name}_insert AFTER INSERT ON grain_state WHEN new.state_name = 'supervision' AND new.grain_id LIKE '%{tenant}'
                BEGIN INSERT INTO {name} VALUES (1); END;
                CREATE TRIGGER {name}_update AFTER UPDATE ON grain_state WHEN new.state_name = 'supervision' AND new.grain_id LIKE '%{tenant}'
                BEGIN INSERT INTO {name} VALUES (1); END;
                """);
            return new WriteCounter(databasePath, name);
        }

        public async Task<long> Count()
        {
            await using var connection = new SqliteConnection($"Data Source={databasePath}");
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT COUNT(*) FROM {name}";
            return Convert.ToInt64(await command.ExecuteScalarAsync());
        }

        public async ValueTask DisposeAsync() =>
            await Execute(databasePath, $"DROP TRIGGER {name}_insert; DROP TRIGGER {name}_update; DROP TABLE {name};");

        private static async Task Execute(string databasePath, string sql)
        {
            await using var connection = new SqliteConnection($"Data Source={databasePath}");
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            await command.ExecuteNonQueryAsync();
        }
    }
}
