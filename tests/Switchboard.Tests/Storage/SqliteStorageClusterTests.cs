using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Providers;
using Orleans.Serialization;
using Orleans.Storage;
using Switchboard.Silo.Storage;
using Switchboard.Silo.Storage.Sqlite;

namespace Switchboard.Tests.Storage;

[Collection(SqliteClusterCollection.Name)]
public sealed class SqliteStorageClusterTests(SqliteClusterFixture fixture)
{
    [Fact]
    public async Task Persistent_state_survives_deactivation()
    {
        var counter = fixture.Cluster.Client.GetGrain<ICounterGrain>($"survivor-{Guid.NewGuid():N}");
        await counter.Increment();
        await counter.Increment();

        await fixture.Cluster.DeactivateAsync(counter);

        Assert.Equal(2, await counter.GetCount());
        var stored = new GrainState<CounterState>(new CounterState());
        await new SqliteGrainStorage(new SqliteDatabase(fixture.DatabasePath), SiloServices.GetRequiredService<Serializer>(), TimeProvider.System)
            .ReadStateAsync("x", counter.GetGrainId(), stored);
        Assert.Equal(2, stored.State?.Count);
    }

    [Theory]
    [InlineData(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME)]
    [InlineData(SqliteStorageExtensions.StorageName)]
    public void Named_grain_storage_is_the_sqlite_provider(string name)
    {
        var guarded = Assert.IsType<GuardedGrainStorage>(SiloServices.GetRequiredKeyedService<IGrainStorage>(name));
        Assert.IsType<SqliteGrainStorage>(guarded.Provider);
    }

    [Fact]
    public void Reminder_table_is_the_sqlite_table()
    {
        Assert.IsType<SqliteReminderTable>(SiloServices.GetRequiredService<IReminderTable>());
    }

    [Fact]
    public async Task Reminder_registered_by_a_grain_is_stored_in_the_database()
    {
        var counter = fixture.Cluster.Client.GetGrain<ICounterGrain>($"reminded-{Guid.NewGuid():N}");

        await counter.ScheduleReminder("follow-up");

        // A table of its own over the same file, so the row is read from disk, not from the silo's instance.
        var table = new SqliteReminderTable(
            new SqliteDatabase(fixture.DatabasePath),
            Options.Create(new ClusterOptions { ServiceId = fixture.Cluster.Options.ServiceId }));
        var row = await table.ReadRow(counter.GetGrainId(), "follow-up");
        Assert.NotNull(row);
        Assert.Equal(TimeSpan.FromHours(1), row.Period);
    }

    private IServiceProvider SiloServices => fixture.Cluster.Silos[0].ServiceProvider;
}
