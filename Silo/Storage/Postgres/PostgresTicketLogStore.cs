using Npgsql;
using NpgsqlTypes;

namespace Switchboard.Silo.Storage.Postgres;

/// <summary>
/// Ticket logs in PostgreSQL (tables from deploy/sql): one row per event, appended, never rewritten, and the
/// ticket's index row upserted in the same transaction. Appends go through <see cref="PostgresGroupCommit"/>:
/// those waiting together share one commit, and mostly one or two statements (<see cref="PostgresGroupAppend"/>).
/// </summary>
public sealed class PostgresTicketLogStore(NpgsqlDataSource dataSource) : ITicketLogStore
{
    /// <summary>Tickets' logs, read together (every ticket's activation reads its own); $1 tenants, $2 tickets.</summary>
    internal const string LogsQuery = """
        SELECT i.ord, e.sequence, e.kind, e.occurred_at, e.payload
        FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS i (tenant, ticket_id, ord)
        JOIN ticket_events e ON e.tenant = i.tenant AND e.ticket_id = i.ticket_id
        ORDER BY i.ord, e.sequence
        """;

    /// <summary>Customers' last agents, read together (every new ticket reads its customer's) through
    /// <c>tickets_last_agent</c> (deploy/sql/014), which matches each exactly; $1 tenants, $2 customers.</summary>
    internal const string PreferredAgentsQuery = """
        SELECT i.ord, p.last_agent
        FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS i (tenant, customer_id, ord)
        CROSS JOIN LATERAL (
            SELECT t.last_agent FROM tickets t
            WHERE t.tenant = i.tenant AND t.customer_id = i.customer_id AND t.last_agent IS NOT NULL
            ORDER BY t.last_assigned_at DESC LIMIT 1) p
        """;

    private readonly PostgresGroupCommit _groupCommit = new(dataSource);

    private readonly PostgresBatchedRead<(string Tenant, string Id), StoredEvent> _logs = new(dataSource, LogsQuery, Pairs,
        reader => new StoredEvent(reader.GetInt64(1), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3), reader.GetString(4)));

    private readonly PostgresBatchedRead<(string Tenant, string Id), string> _preferredAgents = new(dataSource, PreferredAgentsQuery, Pairs,
        reader => reader.GetString(1));

    // The writes run for every append, so their parameters are positional: Npgsql sends such SQL as it is, where
    // named ones (@tenant) make it parse and rewrite the whole statement on every execution. $1-$22 are the index
    // row's, in IndexUpsert's order; the event arrays follow.
    private const string IndexValues = "$1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22";

    // The events go in only if the log still ends where the writer read it (a writer that raced us past that check
    // collides on the primary key instead), and the index row only if they went in. One statement, so a stale append
    // changes nothing and raises no error: it updates no index row, and the appends sent with it in one group still
    // stand.
    private static readonly string AppendEvents = $"""
        {EventsAfter(23)}
        INSERT INTO {TicketIndexSql.Columns}
        SELECT {IndexValues} WHERE EXISTS (SELECT 1 FROM appended)
        {TicketIndexSql.OnConflict}
        """;

    // A message to a ticket whose routing facts stand still moves only the row's position and time: the upsert with the
    // row's required columns alone (10 values, not 22), updating those two. Still an upsert, not a plain UPDATE: its
    // conflict arbiter is always the primary key, where a prepared UPDATE planned while the table was small kept
    // scanning the tenant's rows through (tenant, customer_id) as the table grew (7 ms a message at 50,000 tickets).
    // The row is there, as the writer's last append stored it, and no statement deletes index rows, so the insert's
    // half-filled row is never the one stored. $1-$10: tenant, ticket, status, channel, customer, queue, priority,
    // preview, position, time; $11-$15: the expected position and the event arrays.
    internal static readonly string AppendEventsAdvancing = $"""
        {EventsAfter(11)}
        INSERT INTO tickets (tenant, ticket_id, status, channel, customer_id, queue_id, priority, preview, last_sequence, updated_at)
        SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10 WHERE EXISTS (SELECT 1 FROM appended)
        ON CONFLICT (tenant, ticket_id) DO UPDATE SET last_sequence = excluded.last_sequence, updated_at = excluded.updated_at
        """;

    private const string UpsertIndex = $"""
        INSERT INTO {TicketIndexSql.Columns}
        VALUES ({IndexValues})
        {TicketIndexSql.OnConflict}
        """;

    public async Task<IReadOnlyList<StoredEvent>> ReadAsync(string tenant, string ticketId, CancellationToken cancellationToken = default) =>
        await _logs.Read((tenant, ticketId), cancellationToken);

    public async Task AppendAsync(string tenant, string ticketId, long expectedLastSequence, IReadOnlyList<StoredEvent> events, TicketIndexRow index,
        TicketIndexRow? stored = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var sequences = events.Select(e => e.Sequence).ToArray();
        var kinds = events.Select(e => e.Kind).ToArray();
        var occurred = events.Select(e => e.OccurredAt.ToUniversalTime()).ToArray();
        var payloads = events.Select(e => e.Payload).ToArray();
        var updatedAt = events.Count > 0 ? events[^1].OccurredAt : DateTimeOffset.UnixEpoch;
        var onlyAdvances = index.OnlyAdvances(stored);
        try
        {
            // Once queued the append is not cancelled: it completes with its group's commit, never before.
            await _groupCommit.Run(
                () =>
                {
                    if (events.Count == 0)
                    {
                        return [IndexUpsert(UpsertIndex, tenant, ticketId, index, updatedAt)];
                    }
                    NpgsqlBatchCommand append;
                    if (onlyAdvances)
                    {
                        append = new NpgsqlBatchCommand(AppendEventsAdvancing);
                        append.Parameters.Add(Text(tenant));
                        append.Parameters.Add(Text(ticketId));
                        append.Parameters.Add(Text(index.Status));
                        append.Parameters.Add(Text(index.Channel));
                        append.Parameters.Add(Text(index.CustomerId));
                        append.Parameters.Add(Text(index.QueueId));
                        append.Parameters.Add(new NpgsqlParameter<int> { TypedValue = index.Priority });
                        append.Parameters.Add(Text(index.Preview));
                        append.Parameters.Add(new NpgsqlParameter<long> { TypedValue = index.LastSequence });
                        append.Parameters.Add(Time(updatedAt));
                    }
                    else
                    {
                        append = IndexUpsert(AppendEvents, tenant, ticketId, index, updatedAt);
                    }
                    var parameters = append.Parameters;
                    parameters.Add(new NpgsqlParameter<long> { TypedValue = expectedLastSequence });
                    parameters.Add(new NpgsqlParameter<long[]> { TypedValue = sequences });
                    parameters.Add(new NpgsqlParameter<string[]> { TypedValue = kinds });
                    parameters.Add(new NpgsqlParameter<DateTimeOffset[]> { TypedValue = occurred, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
                    parameters.Add(new NpgsqlParameter<string[]> { TypedValue = payloads });
                    return [append];
                },
                commands =>
                {
                    // The index row is written only when the events went in.
                    if (events.Count > 0 && commands[0].RecordsAffected != 1)
                    {
                        throw new LogConflictException($"Ticket {tenant}/{ticketId} is no longer at sequence {expectedLastSequence}.");
                    }
                },
                events.Count == 0
                    ? (connection, transaction) => EnsureLastSequence(connection, transaction, tenant, ticketId, expectedLastSequence, CancellationToken.None)
                    : null,
                events.Count == 0
                    ? null
                    : new TicketAppend(tenant, ticketId, expectedLastSequence, index, updatedAt.ToUniversalTime(), onlyAdvances, sequences, kinds, occurred, payloads));
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw new LogConflictException($"Ticket {tenant}/{ticketId} was appended to concurrently.", e);
        }
    }

    public async Task RedactCustomerAsync(string tenant, string ticketId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var command = new NpgsqlCommand("""
            UPDATE ticket_events SET payload = jsonb_set(payload::jsonb, '{body}', to_jsonb(@mark::text))::text
                WHERE tenant = @tenant AND ticket_id = @ticket AND kind = 'customer_message';
            UPDATE ticket_events SET payload = (jsonb_set(payload::jsonb, '{customerAddress}', to_jsonb(@mark::text)) - 'customerName')::text
                WHERE tenant = @tenant AND ticket_id = @ticket AND kind = 'opened';
            UPDATE ticket_events SET payload = jsonb_set(payload::jsonb, '{comment}', to_jsonb(@mark::text))::text
                WHERE tenant = @tenant AND ticket_id = @ticket AND kind = 'csat_rated' AND payload::jsonb ->> 'comment' IS NOT NULL;
            UPDATE tickets SET preview = '', customer_identity = NULL, customer_name = NULL WHERE tenant = @tenant AND ticket_id = @ticket;
            """, connection, transaction))
        {
            command.Parameters.AddWithValue("tenant", tenant);
            command.Parameters.AddWithValue("ticket", ticketId);
            command.Parameters.AddWithValue("mark", Tickets.Events.CustomerErased.Redacted);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<AssignedTicketRow>> ReadAssignedAsync(string tenant, string agentId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT ticket_id, channel, last_sequence FROM tickets
            WHERE tenant = @tenant AND assignee = @agent AND status NOT IN ('Solved', 'Closed')
            ORDER BY ticket_id
            """);
        command.Parameters.AddWithValue("tenant", tenant);
        command.Parameters.AddWithValue("agent", agentId);
        return await StoreRows.ReadAllAsync(command, StoreRows.AssignedTicket, cancellationToken);
    }

    public async Task<IReadOnlyList<CustomerTicketRow>> ReadCustomerAsync(string tenant, string customerId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT t.ticket_id, t.customer_identity, t.customer_name, t.last_agent, t.last_assigned_at FROM tickets t
            LEFT JOIN ticket_events e ON e.tenant = t.tenant AND e.ticket_id = t.ticket_id AND e.sequence = 1
            WHERE t.tenant = @tenant AND t.customer_id = @customer
            ORDER BY e.occurred_at, t.ticket_id
            """);
        command.Parameters.AddWithValue("tenant", tenant);
        command.Parameters.AddWithValue("customer", customerId);
        return await StoreRows.ReadAllAsync(command, reader => StoreRows.CustomerTicket(reader, (row, column) => row.GetFieldValue<DateTimeOffset>(column)), cancellationToken);
    }

    public async Task<string?> ReadPreferredAgentAsync(string tenant, string customerId, CancellationToken cancellationToken = default) =>
        (await _preferredAgents.Read((tenant, customerId), cancellationToken)) is [var agent] ? agent : null;

    public async Task<IReadOnlyList<string>> ReadSolvedBeforeAsync(string tenant, DateTimeOffset solvedBefore, int limit, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT ticket_id FROM tickets WHERE tenant = @tenant AND solved_at IS NOT NULL AND solved_at <= @before ORDER BY solved_at LIMIT @limit");
        command.Parameters.AddWithValue("tenant", tenant);
        command.Parameters.AddWithValue("before", NpgsqlDbType.TimestampTz, solvedBefore.ToUniversalTime());
        command.Parameters.AddWithValue("limit", limit);
        return await StoreRows.ReadAllAsync(command, reader => reader.GetString(0), cancellationToken);
    }

    public async Task<IReadOnlyList<TicketIndexRow>> ReadWaitingAsync(string tenant, string queueId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT ticket_id, status, channel, customer_id, queue_id, assignee, waiting_since, priority, preview, last_sequence,
                   language, preferred_agent, target_agent, sla_due_at, wait_sequence
            FROM tickets WHERE tenant = @tenant AND queue_id = @queue AND waiting_since IS NOT NULL
            ORDER BY waiting_since
            """);
        command.Parameters.AddWithValue("tenant", tenant);
        command.Parameters.AddWithValue("queue", queueId);
        return await StoreRows.ReadAllAsync(command, reader => StoreRows.IndexRow(reader, tenant, (row, column) => row.GetFieldValue<DateTimeOffset>(column)),
            cancellationToken);
    }

    /// <summary>
    /// The CTE <c>appended</c>: the events, inserted only if the log ends at the expected position. $1 and $2 are the
    /// tenant and ticket; <paramref name="expected"/> numbers the expected position's parameter, and the four event
    /// arrays (sequence, kind, time, payload) take the next four.
    /// </summary>
    private static string EventsAfter(int expected) => $"""
        WITH appended AS (
            INSERT INTO ticket_events (tenant, ticket_id, sequence, kind, occurred_at, payload)
            SELECT $1, $2, e.sequence, e.kind, e.occurred_at, e.payload
            FROM unnest(${expected + 1}, ${expected + 2}, ${expected + 3}, ${expected + 4}) AS e (sequence, kind, occurred_at, payload)
            WHERE (SELECT COALESCE(MAX(sequence), 0) FROM ticket_events WHERE tenant = $1 AND ticket_id = $2) = ${expected}
            RETURNING 1)
        """;

    /// <summary><paramref name="sql"/> with the index row's parameters, $1-$22 in <see cref="IndexValues"/>' order.</summary>
    private static NpgsqlBatchCommand IndexUpsert(string sql, string tenant, string ticketId, TicketIndexRow index, DateTimeOffset updatedAt)
    {
        var upsert = new NpgsqlBatchCommand(sql);
        var parameters = upsert.Parameters;
        parameters.Add(Text(tenant));
        parameters.Add(Text(ticketId));
        parameters.Add(Text(index.Status));
        parameters.Add(Text(index.Channel));
        parameters.Add(Text(index.CustomerId));
        parameters.Add(Text(index.QueueId));
        parameters.Add(Text(index.Assignee));
        parameters.Add(Time(index.WaitingSince));
        parameters.Add(new NpgsqlParameter<int> { TypedValue = index.Priority });
        parameters.Add(Text(index.Preview));
        parameters.Add(new NpgsqlParameter<long> { TypedValue = index.LastSequence });
        parameters.Add(Time(updatedAt));
        parameters.Add(Text(index.Language));
        parameters.Add(Text(index.PreferredAgentId));
        parameters.Add(Text(index.TargetAgentId));
        parameters.Add(Time(index.SlaDueAt));
        parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Bigint, Value = (object?)index.WaitSequence ?? DBNull.Value });
        parameters.Add(Text(index.CustomerIdentity));
        parameters.Add(Text(index.CustomerName));
        parameters.Add(Text(index.LastAgentId));
        parameters.Add(Time(index.LastAssignedAt));
        parameters.Add(Time(index.SolvedAt));
        return upsert;
    }

    /// <summary>A batch of (tenant, id) reads as two text arrays, $1 and $2.</summary>
    private static void Pairs(NpgsqlParameterCollection parameters, IReadOnlyList<(string Tenant, string Id)> reads)
    {
        var (tenants, ids) = (new string[reads.Count], new string[reads.Count]);
        for (var i = 0; i < reads.Count; i++)
        {
            (tenants[i], ids[i]) = reads[i];
        }
        parameters.Add(new NpgsqlParameter<string[]> { TypedValue = tenants, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        parameters.Add(new NpgsqlParameter<string[]> { TypedValue = ids, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
    }

    private static NpgsqlParameter Text(string? value) => new() { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)value ?? DBNull.Value };

    private static NpgsqlParameter Time(DateTimeOffset? value) =>
        new() { NpgsqlDbType = NpgsqlDbType.TimestampTz, Value = value is { } time ? time.ToUniversalTime() : DBNull.Value };

    private static async Task EnsureLastSequence(NpgsqlConnection connection, NpgsqlTransaction transaction, string tenant, string ticketId, long expected, CancellationToken cancellationToken)
    {
        await using var check = new NpgsqlCommand(
            "SELECT COALESCE(MAX(sequence), 0) FROM ticket_events WHERE tenant = @tenant AND ticket_id = @ticket", connection, transaction);
        check.Parameters.AddWithValue("tenant", tenant);
        check.Parameters.AddWithValue("ticket", ticketId);
        var last = (long)(await check.ExecuteScalarAsync(cancellationToken))!;
        if (last != expected)
        {
            throw new LogConflictException($"Ticket {tenant}/{ticketId} is at sequence {last}, not {expected}.");
        }
    }
}
