using Microsoft.Data.Sqlite;
using Switchboard.Silo.Storage.Sqlite;

namespace Switchboard.Tests.Storage;

/// <summary>
/// The writer's statements bound through SQLite's own API store what Microsoft.Data.Sqlite stored: empty text as text,
/// times in the stored format, and the same errors, after which the statement is usable again.
/// </summary>
public sealed class RawStatementTests : IAsyncLifetime, IDisposable
{
    private readonly SqliteConnection _connection = new("Data Source=:memory:");

    public async Task InitializeAsync()
    {
        await _connection.OpenAsync();
        await using var create = _connection.CreateCommand();
        create.CommandText = "CREATE TABLE t (id INTEGER PRIMARY KEY, text TEXT, number INTEGER, at TEXT, data BLOB, required TEXT NOT NULL)";
        await create.ExecuteNonQueryAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _connection.Dispose();

    private const string Insert = "INSERT INTO t (id, text, number, at, data, required) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";

    [Fact]
    public async Task Values_are_stored_as_the_library_would_store_them()
    {
        var at = new DateTimeOffset(2026, 11, 26, 17, 5, 9, TimeSpan.FromHours(2)).AddTicks(1234567);
        var changed = RawStatement.On(_connection, Insert)
            .Integer(1, 1).Text(2, "héllo ✓").Integer(3, (long?)null).Time(4, at).Blob(5, [1, 2, 3]).Text(6, string.Empty)
            .Run();

        Assert.Equal(1, changed);
        await using var read = _connection.CreateCommand();
        read.CommandText = "SELECT text, number IS NULL, at, data, required, typeof(required) FROM t WHERE id = 1";
        await using var row = await read.ExecuteReaderAsync();
        Assert.True(await row.ReadAsync());
        Assert.Equal("héllo ✓", row.GetString(0));
        Assert.Equal(1L, row.GetInt64(1));
        Assert.Equal(SqliteTime.ToText(at), row.GetString(2));
        Assert.Equal("2026-11-26T15:05:09.1234567Z", row.GetString(2));
        Assert.Equal(new byte[] { 1, 2, 3 }, (byte[])row.GetValue(3));
        // An empty string is text, not NULL: the NOT NULL column took it.
        Assert.Equal(string.Empty, row.GetString(4));
        Assert.Equal("text", row.GetString(5));
    }

    [Fact]
    public async Task A_failed_run_raises_the_library_s_error_and_leaves_the_statement_usable()
    {
        var insert = RawStatement.On(_connection, Insert);
        insert.Integer(1, 7).Text(6, "first").Run();

        var duplicate = Assert.Throws<SqliteException>(() => insert.Integer(1, 7).Text(6, "again").Run());
        Assert.Equal(19, duplicate.SqliteErrorCode);
        var missing = Assert.Throws<SqliteException>(() => insert.Integer(1, 8).Text(6, null).Run());
        Assert.Equal(19, missing.SqliteErrorCode);
        Assert.Contains("NOT NULL", missing.Message, StringComparison.Ordinal);

        // The bindings of the failed runs are gone: nothing of them carries into the next.
        Assert.Equal(1, insert.Integer(1, 9).Text(6, "third").Run());
        await using var count = _connection.CreateCommand();
        count.CommandText = "SELECT group_concat(id || ':' || required || ':' || coalesce(text, '-'), ',') FROM t";
        Assert.Equal("7:first:-,9:third:-", await count.ExecuteScalarAsync());
    }

    [Fact]
    public void One_statement_per_text_on_each_connection_and_a_scalar_read()
    {
        var first = RawStatement.On(_connection, "SELECT COALESCE(MAX(id), 0) FROM t WHERE required = ?1");
        Assert.Same(first, RawStatement.On(_connection, "SELECT COALESCE(MAX(id), 0) FROM t WHERE required = ?1"));
        Assert.Equal(0L, first.Text(1, "x").ReadInteger());
        RawStatement.On(_connection, Insert).Integer(1, 3).Text(6, "x").Run();
        Assert.Equal(3L, first.Text(1, "x").ReadInteger());
        Assert.Null(RawStatement.On(_connection, "SELECT number FROM t WHERE id = ?1").Integer(1, 3).ReadInteger());
        Assert.Null(RawStatement.On(_connection, "SELECT number FROM t WHERE id = ?1").Integer(1, 404).ReadInteger());
    }

    [Fact]
    public void Rows_are_read_in_order_and_a_query_left_part_read_runs_again_from_the_start()
    {
        var insert = RawStatement.On(_connection, Insert);
        foreach (var id in new[] { 3, 1, 2 })
        {
            insert.Integer(1, id).Text(2, $"text {id}").Blob(5, [(byte)id]).Text(6, "r").Run();
        }
        var select = RawStatement.On(_connection, "SELECT id, text, data FROM t WHERE required = ?1 ORDER BY id");

        using (var rows = select.Text(1, "r").Query())
        {
            Assert.True(rows.Next());
            Assert.Equal(1L, rows.Integer(0));
            // Left after the first row: disposing the rows readies the statement again.
        }
        var read = new List<string>();
        using (var rows = select.Text(1, "r").Query())
        {
            while (rows.Next())
            {
                read.Add($"{rows.Integer(0)}:{rows.Text(1)}:{rows.Blob(2)[0]}");
            }
        }

        Assert.Equal(["1:text 1:1", "2:text 2:2", "3:text 3:3"], read);
    }
}
