using Microsoft.Data.Sqlite;

namespace Switchboard.EndToEnd.Harness;

/// <summary>
/// Plain SQL on a single node's SQLite file, as an operator or a report would read it, outside the node's pool
/// (nothing stays open). Parameters are named with their <c>$</c>; a <c>byte[]</c> binds as a blob.
/// </summary>
public static class NodeDatabase
{
    /// <summary>The first column of the first row, or null when there is none.</summary>
    public static async Task<object?> ScalarAsync(string path, string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = await Open(path);
        await using var command = Command(connection, sql, parameters);
        return await command.ExecuteScalarAsync();
    }

    /// <summary>A count (or any integer) the query returns.</summary>
    public static async Task<long> CountAsync(string path, string sql, params (string Name, object Value)[] parameters) =>
        Convert.ToInt64(await ScalarAsync(path, sql, parameters));

    /// <summary>Runs a statement; returns the rows it changed.</summary>
    public static async Task<int> ExecuteAsync(string path, string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = await Open(path);
        await using var command = Command(connection, sql, parameters);
        return await command.ExecuteNonQueryAsync();
    }

    private static async Task<SqliteConnection> Open(string path)
    {
        var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        return connection;
    }

    private static SqliteCommand Command(SqliteConnection connection, string sql, (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        return command;
    }
}
