using System.Runtime.CompilerServices;
using Switchboard.Silo.Reports;

namespace Switchboard.Silo.Storage.Sqlite;

/// <summary>Report rows from the embedded database's ticket_events table, payload fields read with json_extract.</summary>
public sealed class SqliteTicketReportStore(SqliteDatabase database) : ITicketReportStore
{
    private const string Query = $"""
        SELECT e.ticket_id, e.kind, e.occurred_at,
               json_extract(e.payload, '$.queueId'), json_extract(e.payload, '$.agentId'), json_extract(e.payload, '$.policyId'),
               CASE WHEN e.kind IN ('updated', 'macro_applied') THEN json_extract(e.payload, '$.changes.status') END,
               CASE WHEN e.kind = 'macro_applied' THEN json_extract(e.payload, '$.reply') IS NOT NULL ELSE 0 END,
               CASE WHEN e.kind = 'csat_rated' THEN json_extract(e.payload, '$.rating') END
        FROM ticket_events e
        WHERE e.tenant = $tenant AND e.occurred_at < $to AND e.kind IN ({ReportEvent.KindsSql})
          AND e.ticket_id IN (SELECT DISTINCT ticket_id FROM ticket_events
                              WHERE tenant = $tenant AND occurred_at >= $from AND occurred_at < $to)
        ORDER BY e.ticket_id, e.sequence
        """;

    public async IAsyncEnumerable<ReportEvent> ReadAsync(string tenant, DateTimeOffset from, DateTimeOffset to, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = Query;
        command.Parameters.AddWithValue("$tenant", tenant);
        command.Parameters.AddWithValue("$from", SqliteTime.ToText(from));
        command.Parameters.AddWithValue("$to", SqliteTime.ToText(to));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return StoreRows.ReportEvent(reader, (row, column) => new DateTimeOffset(SqliteTime.ToUtcDateTime(row.GetString(column))));
        }
    }
}
