using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Serialization.Serializers;
using Orleans.Storage;
using Switchboard.Silo.Reports;
using Switchboard.Gateway.Hosting;
using Switchboard.Silo.Storage.Sqlite;

namespace Switchboard.Silo.Storage.Postgres;

/// <summary>Wires PostgreSQL (schema from deploy/sql) into a silo: grain state, reminders and ticket logs.</summary>
public static class PostgresStorageExtensions
{
    /// <summary>The ADO.NET grain storage itself; grains reach it through <see cref="GuardedGrainStorage"/>.</summary>
    private const string ProviderName = "switchboard-postgres";

    /// <summary>
    /// Stores grain state with the Orleans ADO.NET provider (read by <see cref="PostgresGrainStorage"/>, behind
    /// <see cref="GuardedGrainStorage"/>, as the default
    /// provider and as <see cref="SqliteStorageExtensions.StorageName"/>), reminders with the ADO.NET reminder table,
    /// and ticket logs with <see cref="PostgresTicketLogStore"/> (read for reports by <see cref="PostgresTicketReportStore"/>).
    /// </summary>
    public static ISiloBuilder AddPostgresStorage(this ISiloBuilder builder, string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        // Grain state and ticket logs: multiplexed only if the string asks (StorageOptions.Multiplexing); reminders never.
        var multiplexed = StorageOptions.Multiplexed(connectionString);
        connectionString = StorageOptions.Tuned(connectionString);
        builder.AddAdoNetGrainStorage(ProviderName, options => options.Configure<Serializer>((storage, serializer) =>
        {
            storage.Invariant = AdoNetInvariant.Npgsql;
            storage.ConnectionString = multiplexed;
            // The Orleans serializer honours the [Id]/[Alias] attributes that keep stored state readable across renames.
            storage.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer);
        }));
        // Grains name the guarded storage (the provider's name is not in its rows, so this one serves both names), which
        // reads string-keyed state itself and leaves the rest to the provider.
        builder.Services.AddGuardedGrainStorage(static sp => new PostgresGrainStorage(
            (AdoNetGrainStorage)sp.GetRequiredKeyedService<IGrainStorage>(ProviderName), ProviderName,
            sp.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId, sp.GetRequiredService<NpgsqlDataSource>(),
            sp.GetRequiredService<IActivatorProvider>()));
        builder.UseAdoNetReminderService(options =>
        {
            options.Invariant = AdoNetInvariant.Npgsql;
            options.ConnectionString = connectionString;
        });
        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(_ => NpgsqlDataSource.Create(multiplexed));
        services.TryAddSingleton<ITicketLogStore, PostgresTicketLogStore>();
        services.TryAddSingleton<OutboxPayload>();
        services.TryAddSingleton<IOutboxStore, PostgresOutboxStore>();
        services.TryAddSingleton<ITicketReportStore, PostgresTicketReportStore>();
        return builder;
    }
}
