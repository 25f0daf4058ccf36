using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Switchboard.Silo.Storage.Sqlite;

/// <summary>Ticket logs in the embedded database: one row per event, appended, never rewritten.</summary>
public sealed class SqliteTicketLogStore(SqliteDatabase database) : ITicketLogStore
{
    private const int SqliteConstraint = 19;

    public Task<IReadOnlyList<StoredEvent>> ReadAsync(string tenant, string ticketId, CancellationToken cancellationToken = default) =>
        database.ReadAsync<IReadOnlyList<StoredEvent>>(connection =>
        {
            // Prepared once on a kept reader connection (see SqliteDatabase.ReadAsync), and read without a data reader.
            var events = new List<StoredEvent>();
            using var rows = RawStatement.On(connection, ReadEvents).Text(1, tenant).Text(2, ticketId).Query();
            while (rows.Next())
            {
                events.Add(new StoredEvent(rows.Integer(0), rows.Text(1), ParseTime(rows.Text(2)), rows.Text(3)));
            }
            return Task.FromResult<IReadOnlyList<StoredEvent>>(events);
        }, cancellationToken);

    private const string ReadEvents = "SELECT sequence, kind, occurred_at, payload FROM ticket_events WHERE tenant = ?1 AND ticket_id = ?2 ORDER BY sequence";

    public Task AppendAsync(string tenant, string ticketId, long expectedLastSequence, IReadOnlyList<StoredEvent> events, TicketIndexRow index,
        TicketIndexRow? stored = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        // One savepoint of a group commit: the check, the rows and the index row land together or not at all. The
        // statements are prepared once on the writer connection and run without allocating (see RawStatement).
        return database.WriteAsync(connection =>
        {
            try
            {
                var last = RawStatement.On(connection, LastSequence).Text(1, tenant).Text(2, ticketId).ReadInteger() ?? 0;
                if (last != expectedLastSequence)
                {
                    throw new LogConflictException($"Ticket {tenant}/{ticketId} is at sequence {last}, not {expectedLastSequence}.");
                }
                var insert = RawStatement.On(connection, InsertEvent);
                foreach (var e in events)
                {
                    insert.Text(1, tenant).Text(2, ticketId).Integer(3, e.Sequence).Text(4, e.Kind).Time(5, e.OccurredAt).Text(6, e.Payload).Run();
                }
                var updatedAt = events.Count > 0 ? events[^1].OccurredAt : DateTimeOffset.UnixEpoch;
                if (index.OnlyAdvances(stored)
                    && RawStatement.On(connection, AdvanceIndex).Text(1, tenant).Text(2, ticketId).Integer(3, index.LastSequence).Time(4, updatedAt).Run() == 1)
                {
                    return Task.CompletedTask;
                }
                RawStatement.On(connection, UpsertIndex)
                    .Text(1, tenant).Text(2, ticketId).Text(3, index.Status).Text(4, index.Channel).Text(5, index.CustomerId)
                    .Text(6, index.QueueId).Text(7, index.Assignee).Time(8, index.WaitingSince).Integer(9, index.Priority)
                    .Text(10, index.Preview).Integer(11, index.LastSequence)
                    .Time(12, updatedAt)
                    .Text(13, index.Language).Text(14, index.PreferredAgentId).Text(15, index.TargetAgentId).Time(16, index.SlaDueAt)
                    .Integer(17, index.WaitSequence).Text(18, index.CustomerIdentity).Text(19, index.CustomerName)
                    .Text(20, index.LastAgentId).Time(21, index.LastAssignedAt).Time(22, index.SolvedAt)
                    .Run();
            }
            catch (SqliteException e) when (e.SqliteErrorCode == SqliteConstraint)
            {
                throw new LogConflictException($"Ticket {tenant}/{ticketId} was appended to concurrently.", e);
            }
            return Task.CompletedTask;
        });
    }

    private const string LastSequence = "SELECT COALESCE(MAX(sequence), 0) FROM ticket_events WHERE tenant = ?1 AND ticket_id = ?2";

    private const string InsertEvent = "INSERT INTO ticket_events (tenant, ticket_id, sequence, kind, occurred_at, payload) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";

    // Only the row's position, when nothing else of it changed (see ITicketLogStore.AppendAsync); a missing row gets the upsert.
    private const string AdvanceIndex = "UPDATE tickets SET last_sequence = ?3, updated_at = ?4 WHERE tenant = ?1 AND ticket_id = ?2";

    // ?1-?22 in the order of the columns.
    private const string UpsertIndex = $"""
        INSERT INTO {TicketIndexSql.Columns}
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22)
        {TicketIndexSql.OnConflict}
        """;

    public Task RedactCustomerAsync(string tenant, string ticketId, CancellationToken cancellationToken = default) =>
        database.WriteAsync(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = """
                UPDATE ticket_events SET payload = json_set(payload, '$.body', $mark)
                    WHERE tenant = $tenant AND ticket_id = $ticket AND kind = 'customer_message';
                UPDATE ticket_events SET payload = json_remove(json_set(payload, '$.customerAddress', $mark), '$.customerName')
                    WHERE tenant = $tenant AND ticket_id = $ticket AND kind = 'opened';
                UPDATE ticket_events SET payload = json_set(payload, '$.comment', $mark)
                    WHERE tenant = $tenant AND ticket_id = $ticket AND kind = 'csat_rated' AND json_extract(payload, '$.comment') IS NOT NULL;
                UPDATE tickets SET preview = '', customer_identity = NULL, customer_name = NULL WHERE tenant = $tenant AND ticket_id = $ticket;
                """;
            command.Set("$tenant", tenant);
            command.Set("$ticket", ticketId);
            command.Set("$mark", Tickets.Events.CustomerErased.Redacted);
            await command.ExecuteNonQueryAsync(cancellationToken);
        });

    public async Task<IReadOnlyList<AssignedTicketRow>> ReadAssignedAsync(string tenant, string agentId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT ticket_id, channel, last_sequence FROM tickets
            WHERE tenant = $tenant AND assignee = $agent AND status NOT IN ('Solved', 'Closed')
            ORDER BY ticket_id
            """;
        command.Set("$tenant", tenant);
        command.Set("$agent", agentId);
        return await StoreRows.ReadAllAsync(command, StoreRows.AssignedTicket, cancellationToken);
    }

    public async Task<IReadOnlyList<CustomerTicketRow>> ReadCustomerAsync(string tenant, string customerId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT t.ticket_id, t.customer_identity, t.customer_name, t.last_agent, t.last_assigned_at FROM tickets t
            LEFT JOIN ticket_events e ON e.tenant = t.tenant AND e.ticket_id = t.ticket_id AND e.sequence = 1
            WHERE t.tenant = $tenant AND t.customer_id = $customer
            ORDER BY e.occurred_at, t.ticket_id
            """;
        command.Set("$tenant", tenant);
        command.Set("$customer", customerId);
        return await StoreRows.ReadAllAsync(command, reader => StoreRows.CustomerTicket(reader, (row, column) => ParseTime(row.GetString(column))), cancellationToken);
    }

    public Task<string?> ReadPreferredAgentAsync(string tenant, string customerId, CancellationToken cancellationToken = default) =>
        database.ReadAsync<string?>(async connection =>
        {
            // Prepared once on a kept reader connection (see SqliteDatabase.ReadAsync), so not disposed here.
            var command = connection.Prepared("""
                SELECT last_agent FROM tickets WHERE tenant = $tenant AND customer_id = $customer AND last_agent IS NOT NULL
                ORDER BY last_assigned_at DESC LIMIT 1
                """);
            command.Set("$tenant", tenant);
            command.Set("$customer", customerId);
            return await command.ExecuteScalarAsync(cancellationToken) as string;
        }, cancellationToken);

    public async Task<IReadOnlyList<string>> ReadSolvedBeforeAsync(string tenant, DateTimeOffset solvedBefore, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT ticket_id FROM tickets WHERE tenant = $tenant AND solved_at IS NOT NULL AND solved_at <= $before
            ORDER BY solved_at LIMIT $limit
            """;
        command.Set("$tenant", tenant);
        command.Set("$before", SqliteTime.ToText(solvedBefore));
        command.Set("$limit", limit);
        return await StoreRows.ReadAllAsync(command, reader => reader.GetString(0), cancellationToken);
    }

    public async Task<IReadOnlyList<TicketIndexRow>> ReadWaitingAsync(string tenant, string queueId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT ticket_id, status, channel, customer_id, queue_id, assignee, waiting_since, priority, preview, last_sequence,
                   language, preferred_agent, target_agent, sla_due_at, wait_sequence
            FROM tickets WHERE tenant = $tenant AND queue_id = $queue AND waiting_since IS NOT NULL
            ORDER BY waiting_since
            """;
        command.Set("$tenant", tenant);
        command.Set("$queue", queueId);
        return await StoreRows.ReadAllAsync(command, reader => StoreRows.IndexRow(reader, tenant, (row, column) => ParseTime(row.GetString(column))),
            cancellationToken);
    }

    private static DateTimeOffset ParseTime(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
