using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Providers;
using Orleans.Storage;
using Switchboard.Silo.Storage;
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
            Assert.IsType<AdoNetGrainStorage>(guarded.Provider);
        }
        Assert.IsType<PostgresTicketLogStore>(SiloServices.GetRequiredService<ITicketLogStore>());
        Assert.Equal("AdoNetReminderTable", SiloServices.GetRequiredService<IReminderTable>().GetType().Name);
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
