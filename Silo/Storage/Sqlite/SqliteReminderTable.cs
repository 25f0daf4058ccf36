using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Runtime;

namespace Switchboard.Silo.Storage.Sqlite;

/// <summary>Reminders in the embedded database, scoped to this deployment's service id.</summary>
public sealed class SqliteReminderTable(SqliteDatabase database, IOptions<ClusterOptions> clusterOptions) : IReminderTable
{
    private const string Columns = "grain_id, reminder, start_time, period_ms, etag";

    private readonly string _serviceId = clusterOptions.Value.ServiceId;

    // SqliteDatabase creates the schema when it is constructed, so there is nothing left to start.
    public Task StartAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task<ReminderTableData> ReadRows(GrainId grainId) => ReadRows(grainId, CancellationToken.None);

    public Task<ReminderTableData> ReadRows(GrainId grainId, CancellationToken cancellationToken) =>
        QueryAsync(
            $"SELECT {Columns} FROM reminders WHERE service_id = $service AND grain_id = $grain",
            command => command.Parameters.AddWithValue("$grain", grainId.ToString()),
            cancellationToken);

    public Task<ReminderTableData> ReadRows(uint begin, uint end) => ReadRows(begin, end, CancellationToken.None);

    /// <summary>Rows whose grain hash lies in the ring range (begin, end], wrapping past uint.MaxValue when begin >= end.</summary>
    public Task<ReminderTableData> ReadRows(uint begin, uint end, CancellationToken cancellationToken) =>
        QueryAsync(
            begin < end
                ? $"SELECT {Columns} FROM reminders WHERE service_id = $service AND grain_hash > $begin AND grain_hash <= $end"
                : $"SELECT {Columns} FROM reminders WHERE service_id = $service AND (grain_hash > $begin OR grain_hash <= $end)",
            command =>
            {
                // Widened to long: SQLite integers are signed 64-bit, and the hash is stored the same way.
                command.Parameters.AddWithValue("$begin", (long)begin);
                command.Parameters.AddWithValue("$end", (long)end);
            },
            cancellationToken);

    public Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName) => ReadRow(grainId, reminderName, CancellationToken.None);

    public async Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName, CancellationToken cancellationToken)
    {
        var rows = await QueryAsync(
            $"SELECT {Columns} FROM reminders WHERE service_id = $service AND grain_id = $grain AND reminder = $reminder",
            command =>
            {
                command.Parameters.AddWithValue("$grain", grainId.ToString());
                command.Parameters.AddWithValue("$reminder", reminderName);
            },
            cancellationToken);
        return rows.Reminders.Count == 0 ? null : rows.Reminders[0];
    }

    public Task<string?> UpsertRow(ReminderEntry entry) => UpsertRow(entry, CancellationToken.None);

    public Task<string?> UpsertRow(ReminderEntry entry, CancellationToken cancellationToken)
    {
        return database.WriteAsync<string?>(async connection =>
        {
            var etag = Guid.NewGuid().ToString("N");
            await using var command = connection.CreateCommand();
            command.CommandText = """
                INSERT INTO reminders (service_id, grain_id, reminder, grain_hash, start_time, period_ms, etag)
                VALUES ($service, $grain, $reminder, $hash, $start, $period, $etag)
                ON CONFLICT (service_id, grain_id, reminder) DO UPDATE SET
                    grain_hash = excluded.grain_hash, start_time = excluded.start_time,
                    period_ms = excluded.period_ms, etag = excluded.etag
                """;
            command.Parameters.AddWithValue("$service", _serviceId);
            command.Parameters.AddWithValue("$grain", entry.GrainId.ToString());
            command.Parameters.AddWithValue("$reminder", entry.ReminderName);
            command.Parameters.AddWithValue("$hash", (long)entry.GrainId.GetUniformHashCode());
            command.Parameters.AddWithValue("$start", SqliteTime.ToText(entry.StartAt));
            command.Parameters.AddWithValue("$period", (long)entry.Period.TotalMilliseconds);
            command.Parameters.AddWithValue("$etag", etag);
            await command.ExecuteNonQueryAsync(cancellationToken);
            return etag;
        });
    }

    public Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag) => RemoveRow(grainId, reminderName, eTag, CancellationToken.None);

    public Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag, CancellationToken cancellationToken)
    {
        return database.WriteAsync(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "DELETE FROM reminders WHERE service_id = $service AND grain_id = $grain AND reminder = $reminder AND etag = $etag";
            command.Parameters.AddWithValue("$service", _serviceId);
            command.Parameters.AddWithValue("$grain", grainId.ToString());
            command.Parameters.AddWithValue("$reminder", reminderName);
            command.Parameters.AddWithValue("$etag", eTag);
            return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
        });
    }

    public Task TestOnlyClearTable() => TestOnlyClearTable(CancellationToken.None);

    public async Task TestOnlyClearTable(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM reminders WHERE service_id = $service";
        command.Parameters.AddWithValue("$service", _serviceId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<ReminderTableData> QueryAsync(string sql, Action<SqliteCommand> bind, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$service", _serviceId);
        bind(command);
        var entries = new List<ReminderEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(new ReminderEntry
            {
                GrainId = GrainId.Parse(reader.GetString(0)),
                ReminderName = reader.GetString(1),
                StartAt = SqliteTime.ToUtcDateTime(reader.GetString(2)),
                Period = TimeSpan.FromMilliseconds(reader.GetInt64(3)),
                ETag = reader.GetString(4),
            });
        }
        return new ReminderTableData(entries);
    }
}
