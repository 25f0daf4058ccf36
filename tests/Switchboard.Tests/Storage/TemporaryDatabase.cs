using Microsoft.Data.Sqlite;

namespace Switchboard.Tests.Storage;

/// <summary>SQLite file paths under the temp folder for tests, and their removal afterwards.</summary>
internal static class TemporaryDatabase
{
    public static string NewPath() => Path.Combine(Path.GetTempPath(), $"switchboard-test-{Guid.NewGuid():N}.db");

    /// <summary>Runs SQL on the file outside any pool (so nothing stays open) and returns the first column of its first row.</summary>
    /// <summary>Takes a file's tickets table back to before schema version 8 (its version row is the caller's to delete).</summary>
    public const string DropVersion8Columns = """
        ALTER TABLE tickets DROP COLUMN customer_identity; ALTER TABLE tickets DROP COLUMN customer_name;
        ALTER TABLE tickets DROP COLUMN last_agent; ALTER TABLE tickets DROP COLUMN last_assigned_at;
        """;

    /// <summary>Takes a file's tickets table back to before schema version 9 (its version row is the caller's to delete).</summary>
    public const string DropVersion9 = "DROP INDEX tickets_solved; ALTER TABLE tickets DROP COLUMN solved_at; ";

    public static async Task<long> ScalarAsync(string path, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    public static void Delete(string path)
    {
        // Pooled connections keep the file open; release them before deleting.
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(path + suffix);
        }
    }
}
