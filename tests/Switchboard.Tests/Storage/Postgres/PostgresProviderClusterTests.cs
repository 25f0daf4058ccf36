using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Providers;
using Orleans.Storage;
using Switchboard.Silo.Storage;
using Switchboard.Silo.Tickets;
using Switchboard.Silo.Storage.Postgres;
using Switchboard.Silo.Storage.Sqlite;
using Switchboard.Testing;

namespace Switchboard.Tests.Storage.Postgres;

[Collection(PostgresClusterCollection.Name)]
public sealed class PostgresProviderClusterTests(PostgresClusterFixture fixture)
{
    [PostgresFact]
    public async Task Grain_state_survives_deactivation_and_is_one_versioned_row()
    {
        var key = $"survivor-{Guid.NewGuid():N}";
        var counter = fixture.Cluster.Client.GetGrain<ICounterGrain>(key);
        await counter.Increment();
        await counter.Increment();
        await counter.Increment();

        await fixture.Cluster.DeactivateAsync(counter);

        Assert.Equal(3, await counter.GetCount());
        Assert.Equal(4, await counter.Increment());
        Assert.Equal(4, await ScalarAsync<int>(
            "SELECT version FROM orleans_grain_state WHERE grain_type = 'x' AND grain_id_extension = @key", key));
    }

    [PostgresFact]
    public async Task Reminder_registered_by_a_grain_is_a_row_the_reminder_table_reads_back()
    {
        var key = $"reminded-{Guid.NewGuid():N}";
        var counter = fixture.Cluster.Client.GetGrain<ICounterGrain>(key);

        await counter.ScheduleReminder("follow-up");

        Assert.Equal(3_600_000L, await ScalarAsync<long>(
            "SELECT period_ms FROM orleans_reminders WHERE reminder_name = 'follow-up' AND grain_id LIKE '%' || @key", key));
        var row = await SiloServices.GetRequiredService<IReminderTable>().ReadRow(counter.GetGrainId(), "follow-up");
        Assert.NotNull(row);
        Assert.Equal(TimeSpan.FromHours(1), row.Period);
    }

    [PostgresFact]
    public void Storage_names_reminders_and_ticket_logs_are_the_postgres_providers()
    {
        foreach (var name in new[] { ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, SqliteStorageExtensions.StorageName })
        {
            var guarded = Assert.IsType<GuardedGrainStorage>(SiloServices.GetRequiredKeyedService<IGrainStorage>(name));
            Assert.IsType<AdoNetGrainStorage>(Assert.IsType<PostgresGrainStorage>(guarded.Provider).Provider);
        }
        Assert.IsType<PostgresTicketLogStore>(SiloServices.GetRequiredService<ITicketLogStore>());
        Assert.Equal("AdoNetReminderTable", SiloServices.GetRequiredService<IReminderTable>().GetType().Name);
    }

    [PostgresFact]
    public async Task State_reads_as_the_provider_reads_it_missing_written_rewritten_and_cleared()
    {
        var storage = Assert.IsType<PostgresGrainStorage>(
            ((GuardedGrainStorage)SiloServices.GetRequiredKeyedService<IGrainStorage>(SqliteStorageExtensions.StorageName)).Provider);
        var id = GrainId.Create("conversation", $"tenant-{Guid.NewGuid():N}/webchat:conv-1");

        var missing = await SameRead(storage, id);
        Assert.False(missing.RecordExists);
        Assert.Null(missing.ETag);
        Assert.Null(missing.State!.CurrentTicketId);

        // Written by the provider: found by the provider's key and hashes, with its version as the ETag.
        var written = new GrainState<ConversationState>(new ConversationState { CurrentTicketId = "t-first" });
        await storage.WriteStateAsync("conversation", id, written);
        var read = await SameRead(storage, id);
        Assert.True(read.RecordExists);
        Assert.Equal("t-first", read.State!.CurrentTicketId);
        Assert.Equal(written.ETag, read.ETag);

        // What this read returns is what the provider's next write checks: a write on it goes in, a stale one does not.
        read.State!.CurrentTicketId = "t-second";
        await storage.WriteStateAsync("conversation", id, read);
        Assert.Equal("t-second", (await SameRead(storage, id)).State!.CurrentTicketId);
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("conversation", id, written));

        await storage.ClearStateAsync("conversation", id, read);
        var cleared = await SameRead(storage, id);
        Assert.Null(cleared.State!.CurrentTicketId);
        Assert.Equal(read.ETag, cleared.ETag);
    }

    [PostgresFact]
    public async Task Reads_made_together_each_get_their_own_grains_record()
    {
        var storage = Assert.IsType<PostgresGrainStorage>(
            ((GuardedGrainStorage)SiloServices.GetRequiredKeyedService<IGrainStorage>(SqliteStorageExtensions.StorageName)).Provider);
        var tenant = $"tenant-{Guid.NewGuid():N}";
        var ids = Enumerable.Range(0, 80).Select(i => GrainId.Create("conversation", $"{tenant}/webchat:conv-{i}")).ToArray();
        // Every third conversation has a record naming its own ticket; the rest have none.
        for (var i = 0; i < ids.Length; i += 3)
        {
            await storage.WriteStateAsync("conversation", ids[i], new GrainState<ConversationState>(new ConversationState { CurrentTicketId = $"t-{i}" }));
        }

        var reads = await Task.WhenAll(ids.Select(async id =>
        {
            var state = new GrainState<ConversationState>(new ConversationState());
            await storage.ReadStateAsync("conversation", id, state);
            return state;
        }));

        for (var i = 0; i < ids.Length; i++)
        {
            Assert.Equal(i % 3 == 0, reads[i].RecordExists);
            Assert.Equal(i % 3 == 0 ? $"t-{i}" : null, reads[i].State!.CurrentTicketId);
        }
    }

    [PostgresFact]
    public async Task Integer_keyed_state_is_read_by_the_provider_itself()
    {
        var storage = Assert.IsType<PostgresGrainStorage>(
            ((GuardedGrainStorage)SiloServices.GetRequiredKeyedService<IGrainStorage>(SqliteStorageExtensions.StorageName)).Provider);
        var id = GrainId.Create(GrainType.Create("conversation"), GrainIdKeyExtensions.CreateIntegerKey(Random.Shared.NextInt64(1, long.MaxValue)));
        await storage.WriteStateAsync("conversation", id, new GrainState<ConversationState>(new ConversationState { CurrentTicketId = "t-numbered" }));

        Assert.Equal("t-numbered", (await SameRead(storage, id)).State!.CurrentTicketId);
    }

    /// <summary>Reads the record both ways, checks they agree, and returns this storage's read.</summary>
    private static async Task<GrainState<ConversationState>> SameRead(PostgresGrainStorage storage, GrainId id)
    {
        var ours = new GrainState<ConversationState>(new ConversationState());
        await storage.ReadStateAsync("conversation", id, ours);
        var providers = new GrainState<ConversationState>(new ConversationState());
        await storage.Provider.ReadStateAsync("conversation", id, providers);
        Assert.Equal(providers.RecordExists, ours.RecordExists);
        Assert.Equal(providers.ETag, ours.ETag);
        Assert.Equal(providers.State!.CurrentTicketId, ours.State!.CurrentTicketId);
        return ours;
    }

    private IServiceProvider SiloServices => fixture.Cluster.Silos[0].ServiceProvider;

    private async Task<T> ScalarAsync<T>(string sql, string key)
    {
        await using var dataSource = NpgsqlDataSource.Create(fixture.ConnectionString);
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue("key", key);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
