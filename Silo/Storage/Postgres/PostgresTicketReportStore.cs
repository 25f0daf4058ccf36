using System.Runtime.CompilerServices;
using Npgsql;
using Switchboard.Silo.Reports;

namespace Switchboard.Silo.Storage.Postgres;

/// <summary>Report rows from PostgreSQL's ticket_events table, payload fields read with payload::jsonb.</summary>
public sealed class PostgresTicketReportStore(NpgsqlDataSource dataSource) : ITicketReportStore
{
    private const string Query = $"""
        SELECT e.ticket_id, e.kind, e.occurred_at,
               p.doc ->> 'queueId', p.doc ->> 'agentId', p.doc ->> 'policyId',
               CASE WHEN e.kind IN ('updated', 'macro_applied') THEN p.doc -> 'changes' ->> 'status' END,
               e.kind = 'macro_applied' AND p.doc ->> 'reply' IS NOT NULL,
               CASE WHEN e.kind = 'csat_rated' THEN (p.doc ->> 'rating')::integer END
        FROM ticket_events e
        CROSS JOIN LATERAL (SELECT e.payload::jsonb AS doc) p
        WHERE e.tenant = @tenant AND e.occurred_at < @to AND e.kind IN ({ReportEvent.KindsSql})
          AND e.ticket_id IN (SELECT DISTINCT ticket_id FROM ticket_events
                              WHERE tenant = @tenant AND occurred_at >= @from AND occurred_at < @to)
        ORDER BY e.ticket_id, e.sequence
        """;

    public async IAsyncEnumerable<ReportEvent> ReadAsync(string tenant, DateTimeOffset from, DateTimeOffset to, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(Query);
        command.Parameters.AddWithValue("tenant", tenant);
        command.Parameters.AddWithValue("from", from.ToUniversalTime());
        command.Parameters.AddWithValue("to", to.ToUniversalTime());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return StoreRows.ReportEvent(reader, (row, column) => row.GetFieldValue<DateTimeOffset>(column));
        }
    }
}
