using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace Switchboard.Silo.Storage.Sqlite;

/// <summary>
/// Commands kept prepared on a long-lived connection (the group commit's writer): SQLite parses and plans a statement
/// once, not on every write. Each write used to create its commands afresh, and preparing them (the ticket index's
/// upsert above all) was a tenth of a busy node's CPU. Only for a connection one caller uses at a time.
/// </summary>
public static class PreparedCommands
{
    private static readonly ConditionalWeakTable<SqliteConnection, Dictionary<string, SqliteCommand>> Cache = new();

    /// <summary>
    /// The connection's command for <paramref name="sql"/>, with no parameters; the connection owns it, so the caller
    /// must not dispose it.
    /// </summary>
    public static SqliteCommand Prepared(this SqliteConnection connection, string sql)
    {
        var commands = Cache.GetValue(connection, _ => new Dictionary<string, SqliteCommand>(StringComparer.Ordinal));
        if (commands.TryGetValue(sql, out var command))
        {
            command.Parameters.Clear();
            return command;
        }
        command = connection.CreateCommand();
        command.CommandText = sql;
        commands[sql] = command;
        return command;
    }
}
