using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Switchboard.Silo.Reports;

namespace Switchboard.Silo.Storage.Sqlite;

/// <summary>Wires the embedded single-node SQLite database into a silo.</summary>
public static class SqliteStorageExtensions
{
    /// <summary>The grain storage name Switchboard grains use in <c>[PersistentState(..., StorageName)]</c>.</summary>
    public const string StorageName = "switchboard";

    /// <summary>
    /// Stores grain state (as the default provider and as <see cref="StorageName"/>), reminders and ticket logs
    /// in the SQLite file at <paramref name="databasePath"/>, and turns on Orleans reminders.
    /// </summary>
    public static ISiloBuilder AddSqliteStorage(this ISiloBuilder builder, string databasePath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        var services = builder.Services;
        services.TryAddSingleton(_ => new SqliteDatabase(databasePath));
        services.TryAddSingleton(TimeProvider.System);

        services.TryAddSingleton<SqliteGrainStorage>();
        services.AddGuardedGrainStorage(static sp => sp.GetRequiredService<SqliteGrainStorage>());

        services.TryAddSingleton<SqliteReminderTable>();
        services.AddSingleton<IReminderTable>(static sp => sp.GetRequiredService<SqliteReminderTable>());
        builder.AddReminders();

        services.TryAddSingleton<ITicketLogStore, SqliteTicketLogStore>();
        services.TryAddSingleton<OutboxPayload>();
        services.TryAddSingleton<IOutboxStore, SqliteOutboxStore>();
        services.TryAddSingleton<ITicketReportStore, SqliteTicketReportStore>();
        return builder;
    }
}
