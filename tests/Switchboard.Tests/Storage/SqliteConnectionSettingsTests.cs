using Microsoft.Data.Sqlite;
using Switchboard.Silo.Storage.Sqlite;

namespace Switchboard.Tests.Storage;

/// <summary>
/// Every connection the database hands out is durable on commit, waits for a busy writer and checks foreign keys,
/// whether its SQLite handle is new or comes back from the pool (where the settings are applied only once).
/// </summary>
/// <remarks>
/// Alone (<see cref="SqlitePoolCollection"/>): other tests empty every SQLite pool as they delete their files, and one
/// doing so between this test's two opens took its pooled handle away ("Assert.Same" failed once in a filtered run).
/// </remarks>
[Collection(SqlitePoolCollection.Name)]
public sealed class SqliteConnectionSettingsTests : IDisposable
{
    private readonly string _path = TemporaryDatabase.NewPath();

    public void Dispose() => TemporaryDatabase.Delete(_path);

    [Fact]
    public async Task New_and_pooled_connections_have_full_sync_a_busy_timeout_and_foreign_keys()
    {
        var database = new SqliteDatabase(_path);
        SQLitePCL.sqlite3? first;
        await using (var connection = await database.OpenAsync())
        {
            first = connection.Handle;
            await AssertSettings(connection);
        }
        // Back from the pool: the same handle, configured before.
        await using (var connection = await database.OpenAsync())
        {
            Assert.Same(first, connection.Handle);
            await AssertSettings(connection);
        }
        // Two at once: the second is a handle the pool had to create.
        await using (var one = await database.OpenAsync())
        await using (var two = await database.OpenAsync())
        {
            Assert.NotSame(one.Handle, two.Handle);
            await AssertSettings(one);
            await AssertSettings(two);
        }
        SqliteConnection.ClearAllPools();
        await using (var connection = await database.OpenAsync())
        {
            await AssertSettings(connection);
        }
    }

    private static async Task AssertSettings(SqliteConnection connection)
    {
        Assert.Equal(2L, await Pragma(connection, "synchronous")); // FULL
        Assert.Equal(30_000L, await Pragma(connection, "busy_timeout"));
        Assert.Equal(1L, await Pragma(connection, "foreign_keys"));
    }

    private static async Task<long> Pragma(SqliteConnection connection, string name)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA {name}";
        return (long)(await command.ExecuteScalarAsync())!;
    }
}

/// <summary>Tests that watch SQLite's connection pool run with no other test at the same time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SqlitePoolCollection
{
    public const string Name = "SQLite pool";
}
