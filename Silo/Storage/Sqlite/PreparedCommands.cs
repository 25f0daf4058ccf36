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
    /// The connection's command for <paramref name="sql"/>; the connection owns it, so the caller must not dispose it.
    /// It keeps the parameters of its last use: set each one with <see cref="Set"/> (or <see cref="Parameter"/>), which
    /// replaces the value of the parameter already there, so a statement run thousands of times a second does not
    /// allocate its parameters afresh every time (they were a tenth of a busy node's allocations).
    /// </summary>
    public static SqliteCommand Prepared(this SqliteConnection connection, string sql)
    {
        var commands = Cache.GetValue(connection, _ => new Dictionary<string, SqliteCommand>(StringComparer.Ordinal));
        if (commands.TryGetValue(sql, out var command))
        {
            return command;
        }
        command = connection.CreateCommand();
        command.CommandText = sql;
        commands[sql] = command;
        return command;
    }

    /// <summary>Sets parameter <paramref name="name"/> to <paramref name="value"/> (null is SQL NULL), adding it on the command's first use.</summary>
    public static void Set(this SqliteCommand command, string name, object? value) => command.Parameter(name).Value = value ?? DBNull.Value;

    /// <summary>The command's parameter <paramref name="name"/>, added (of <paramref name="type"/>, if given) when it has none yet.</summary>
    public static SqliteParameter Parameter(this SqliteCommand command, string name, SqliteType? type = null)
    {
        var parameters = command.Parameters;
        for (var i = 0; i < parameters.Count; i++)
        {
            if (string.Equals(parameters[i].ParameterName, name, StringComparison.Ordinal))
            {
                return parameters[i];
            }
        }
        return type is { } declared ? parameters.Add(name, declared) : parameters.Add(new SqliteParameter { ParameterName = name });
    }
}
