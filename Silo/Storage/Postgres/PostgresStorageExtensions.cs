using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;
using Orleans.Providers;
using Orleans.Serialization;
using Orleans.Storage;
using Switchboard.Silo.Reports;
using Switchboard.Gateway.Hosting;
using Switchboard.Silo.Storage.Sqlite;

namespace Switchboard.Silo.Storage.Postgres;

/// <summary>Wires PostgreSQL (schema from deploy/sql) into a silo: grain state, reminders and ticket logs.</summary>
public static class PostgresStorageExtensions
{
    /// <summary>
    /// Stores grain state with the Orleans ADO.NET provider (as the default provider and as
    /// <see cref="SqliteStorageExtensions.StorageName"/>), reminders with the ADO.NET reminder table,
    /// and ticket logs with <see cref="PostgresTicketLogStore"/> (read for reports by <see cref="PostgresTicketReportStore"/>).
    /// </summary>
    public static ISiloBuilder AddPostgresStorage(this ISiloBuilder builder, string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        connectionString = StorageOptions.Tuned(connectionString);
        foreach (var name in new[] { ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, SqliteStorageExtensions.StorageName })
        {
            builder.AddAdoNetGrainStorage(name, options => options.Configure<Serializer>((storage, serializer) =>
            {
                storage.Invariant = AdoNetInvariant.Npgsql;
                storage.ConnectionString = connectionString;
                // The Orleans serializer honours the [Id]/[Alias] attributes that keep stored state readable across renames.
                storage.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer);
            }));
        }
        builder.UseAdoNetReminderService(options =>
        {
            options.Invariant = AdoNetInvariant.Npgsql;
            options.ConnectionString = connectionString;
        });
        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(_ => NpgsqlDataSource.Create(connectionString));
        services.TryAddSingleton<ITicketLogStore, PostgresTicketLogStore>();
        services.TryAddSingleton<OutboxPayload>();
        services.TryAddSingleton<IOutboxStore, PostgresOutboxStore>();
        services.TryAddSingleton<ITicketReportStore, PostgresTicketReportStore>();
        return builder;
    }
}
