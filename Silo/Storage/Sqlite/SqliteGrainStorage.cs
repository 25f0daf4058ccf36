using System.Buffers;
using Microsoft.Data.Sqlite;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Storage;

namespace Switchboard.Silo.Storage.Sqlite;

/// <summary>
/// Grain state in the embedded database, one row per grain and state name, guarded by an ETag.
/// </summary>
/// <remarks>
/// Clearing deletes the row instead of keeping a tombstone: a writer holding the old ETag still fails
/// (its update matches no row), the table does not grow with every cleared grain, and
/// <see cref="IGrainState{T}.RecordExists"/> simply means "a row is there".
/// </remarks>
public sealed class SqliteGrainStorage(SqliteDatabase database, Serializer serializer, TimeProvider timeProvider) : IGrainStorage
{
    private const int SqliteConstraint = 19;

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        database.ReadAsync(connection =>
        {
            // Prepared once on a kept reader connection (see SqliteDatabase.ReadAsync), and read without a data reader.
            using var rows = RawStatement.On(connection, "SELECT etag, payload FROM grain_state WHERE grain_type = ?1 AND grain_id = ?2 AND state_name = ?3")
                .Text(1, grainId.Type.ToString()).Text(2, grainId.Key.ToString()).Text(3, stateName)
                .Query();
            if (!rows.Next())
            {
                // The activation keeps the fresh state Orleans created for it.
                grainState.ETag = null;
                grainState.RecordExists = false;
                return Task.FromResult(true);
            }
            grainState.State = serializer.Deserialize<T>(rows.Blob(1));
            grainState.ETag = rows.Text(0);
            grainState.RecordExists = true;
            return Task.FromResult(true);
        });

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        // One savepoint of a group commit (see SqliteGroupCommit): durable when the returned task completes.
        return database.WriteAsync(async connection =>
        {
            var newEtag = NewEtag();
            // The group's writes run one at a time, so they share one buffer for the serialized record.
            _payload.ResetWrittenCount();
            serializer.Serialize(grainState.State, _payload);
            // No ETag means the writer believes there is no row yet, so only an insert is allowed. Prepared once on the
            // writer connection and run without allocating (see RawStatement).
            var write = grainState.ETag is null
                ? RawStatement.On(connection, "INSERT INTO grain_state (grain_type, grain_id, state_name, etag, payload, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
                : RawStatement.On(connection, "UPDATE grain_state SET etag = ?4, payload = ?5, updated_at = ?6 WHERE grain_type = ?1 AND grain_id = ?2 AND state_name = ?3 AND etag = ?7");
            write.Text(1, grainId.Type.ToString()).Text(2, grainId.Key.ToString()).Text(3, stateName)
                .Text(4, newEtag).Blob(5, _payload.WrittenSpan).Time(6, timeProvider.GetUtcNow());
            if (grainState.ETag is not null)
            {
                write.Text(7, grainState.ETag);
            }

            int changed;
            try
            {
                changed = write.Run();
            }
            catch (SqliteException e) when (e.SqliteErrorCode == SqliteConstraint)
            {
                throw await ConflictAsync(connection, "write", stateName, grainId, grainState.ETag, e);
            }
            finally
            {
                // A large record does not stay referenced by the buffer's array after it is written.
                if (_payload.Capacity > KeptPayloadBytes)
                {
                    _payload = new ArrayBufferWriter<byte>(KeptPayloadBytes);
                }
            }
            if (changed == 0)
            {
                throw await ConflictAsync(connection, "write", stateName, grainId, grainState.ETag, inner: null);
            }
            grainState.ETag = newEtag;
            grainState.RecordExists = true;
        });
    }

    /// <summary>The buffer records are serialized into on the writer; one larger than this is not kept for the next.</summary>
    private const int KeptPayloadBytes = 64 * 1024;

    private ArrayBufferWriter<byte> _payload = new(KeptPayloadBytes);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        // One savepoint of a group commit (see SqliteGroupCommit): durable when the returned task completes.
        return database.WriteAsync(async connection =>
        {
            if (grainState.ETag is not null)
            {
                await using var command = connection.CreateCommand();
                command.CommandText = "DELETE FROM grain_state WHERE grain_type = $type AND grain_id = $id AND state_name = $name AND etag = $expected";
                AddKey(command, stateName, grainId);
                command.Set("$expected", grainState.ETag);
                if (await command.ExecuteNonQueryAsync() == 0)
                {
                    throw await ConflictAsync(connection, "clear", stateName, grainId, grainState.ETag, inner: null);
                }
            }
            else if (await ReadStoredEtagAsync(connection, stateName, grainId) is not null)
            {
                // Someone wrote a row this activation never saw; deleting it blind would lose their write.
                throw await ConflictAsync(connection, "clear", stateName, grainId, expectedEtag: null, inner: null);
            }
            grainState.ETag = null;
            grainState.RecordExists = false;
        });
    }

    private static void AddKey(SqliteCommand command, string stateName, GrainId grainId)
    {
        command.Set("$type", grainId.Type.ToString());
        command.Set("$id", grainId.Key.ToString());
        command.Set("$name", stateName);
    }

    private static async Task<string?> ReadStoredEtagAsync(SqliteConnection connection, string stateName, GrainId grainId)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT etag FROM grain_state WHERE grain_type = $type AND grain_id = $id AND state_name = $name";
        AddKey(command, stateName, grainId);
        return (string?)await command.ExecuteScalarAsync();
    }

    private static async Task<InconsistentStateException> ConflictAsync(
        SqliteConnection connection, string operation, string stateName, GrainId grainId, string? expectedEtag, Exception? inner)
    {
        var storedEtag = await ReadStoredEtagAsync(connection, stateName, grainId);
        var message = $"Cannot {operation} state '{stateName}' of {grainId}: expected ETag '{expectedEtag ?? "(none)"}' but the stored ETag is '{storedEtag ?? "(none)"}'.";
        return inner is null
            ? new InconsistentStateException(message, storedEtag ?? string.Empty, expectedEtag ?? string.Empty)
            : new InconsistentStateException(message, storedEtag ?? string.Empty, expectedEtag ?? string.Empty, inner);
    }

    private static string NewEtag() => Guid.NewGuid().ToString("N");
}
