using System.Data.Common;
using Switchboard.Silo.Reports;

namespace Switchboard.Silo.Storage;

/// <summary>
/// Row mapping the SQLite and PostgreSQL stores share: their queries select the same columns in the same order,
/// and differ only in how an instant is stored (SQLite: fixed-width UTC text; PostgreSQL: timestamptz), which each
/// store passes in as <c>instant</c>.
/// </summary>
internal static class StoreRows
{
    /// <summary>Every row the command returns, mapped.</summary>
    public static async Task<IReadOnlyList<T>> ReadAllAsync<T>(DbCommand command, Func<DbDataReader, T> row, CancellationToken cancellationToken)
    {
        var rows = new List<T>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(row(reader));
        }
        return rows;
    }

    /// <summary><c>SELECT ticket_id, channel, last_sequence FROM tickets</c>.</summary>
    public static AssignedTicketRow AssignedTicket(DbDataReader reader) => new(reader.GetString(0), reader.GetString(1), reader.GetInt64(2));

    /// <summary><c>SELECT ticket_id, customer_identity, customer_name, last_agent, last_assigned_at FROM tickets</c>.</summary>
    public static CustomerTicketRow CustomerTicket(DbDataReader reader, Func<DbDataReader, int, DateTimeOffset> instant) =>
        new(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2),
            reader.IsDBNull(3) ? null : reader.GetString(3), reader.IsDBNull(4) ? null : instant(reader, 4));

    /// <summary>
    /// <c>SELECT ticket_id, status, channel, customer_id, queue_id, assignee, waiting_since, priority, preview, last_sequence,
    /// language, preferred_agent, target_agent, sla_due_at, wait_sequence FROM tickets</c>.
    /// </summary>
    public static TicketIndexRow IndexRow(DbDataReader reader, string tenant, Func<DbDataReader, int, DateTimeOffset> instant) =>
        new(
            tenant,
            reader.GetString(0),
            reader.GetString(1),
            reader.GetString(2),
            reader.GetString(3),
            reader.GetString(4),
            reader.IsDBNull(5) ? null : reader.GetString(5),
            reader.IsDBNull(6) ? null : instant(reader, 6),
            reader.GetInt32(7),
            reader.GetString(8),
            reader.GetInt64(9))
        {
            Language = reader.IsDBNull(10) ? null : reader.GetString(10),
            PreferredAgentId = reader.IsDBNull(11) ? null : reader.GetString(11),
            TargetAgentId = reader.IsDBNull(12) ? null : reader.GetString(12),
            SlaDueAt = reader.IsDBNull(13) ? null : instant(reader, 13),
            WaitSequence = reader.IsDBNull(14) ? null : reader.GetInt64(14),
        };

    /// <summary>The report query's columns: ticket_id, kind, occurred_at, queueId, agentId, policyId, new status, public reply (a boolean, or 0/1 in SQLite), rating.</summary>
    public static ReportEvent ReportEvent(DbDataReader reader, Func<DbDataReader, int, DateTimeOffset> instant) =>
        new(
            reader.GetString(0),
            reader.GetString(1),
            instant(reader, 2),
            reader.IsDBNull(3) ? null : reader.GetString(3),
            reader.IsDBNull(4) ? null : reader.GetString(4),
            reader.IsDBNull(5) ? null : reader.GetString(5),
            reader.IsDBNull(6) ? null : reader.GetString(6),
            reader.GetBoolean(7),
            reader.IsDBNull(8) ? null : reader.GetInt32(8));
}
