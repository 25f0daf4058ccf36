using Microsoft.Data.Sqlite;

namespace Switchboard.Tests.Storage;

/// <summary>SQLite file paths under the temp folder for tests, and their removal afterwards.</summary>
internal static class TemporaryDatabase
{
    public static string NewPath() => Path.Combine(Path.GetTempPath(), $"switchboard-test-{Guid.NewGuid():N}.db");

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
