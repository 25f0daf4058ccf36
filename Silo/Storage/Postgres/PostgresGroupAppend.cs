using Npgsql;
using NpgsqlTypes;

namespace Switchboard.Silo.Storage.Postgres;

/// <summary>One ticket's append with events, as the group's shared statements carry it.</summary>
internal sealed record TicketAppend(
    string Tenant, string TicketId, long Expected, TicketIndexRow Index, DateTimeOffset UpdatedAt, bool OnlyAdvances,
    long[] Sequences, string[] Kinds, DateTimeOffset[] Occurred, string[] Payloads)
{
    public LogConflictException Stale() => new($"Ticket {Tenant}/{TicketId} is no longer at sequence {Expected}.");
}

/// <summary>
/// The statements that write a whole group's appends at once: one for appends that move only their index row's
/// position, one for those that rewrite it. Each takes its appends as arrays (one element per append, and the events
/// flattened, each with its append's ordinal), so a group of thirty tickets costs PostgreSQL two statements instead of
/// thirty and the silo a few dozen parameters instead of hundreds. An append's events and index row go in only if its
/// log still ends where its writer read it; the statement returns the ordinals of the appends that went in, and the
/// others are stale. A writer that raced one past that check collides on the primary key, which fails the whole
/// statement (and the group is then written append by append).
/// </summary>
internal static class PostgresGroupAppend
{
    // $1-$22: the index rows' columns in TicketIndexSql.Columns' order, $23 the expected positions; $24-$28 the events.
    internal static readonly string Rewriting = $"""
        WITH input AS (
            SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::timestamptz[],
                $9::integer[], $10::text[], $11::bigint[], $12::timestamptz[], $13::text[], $14::text[], $15::text[], $16::timestamptz[],
                $17::bigint[], $18::text[], $19::text[], $20::text[], $21::timestamptz[], $22::timestamptz[], $23::bigint[]) WITH ORDINALITY
                AS i (tenant, ticket_id, status, channel, customer_id, queue_id, assignee, waiting_since, priority, preview, last_sequence,
                    updated_at, language, preferred_agent, target_agent, sla_due_at, wait_sequence, customer_identity, customer_name,
                    last_agent, last_assigned_at, solved_at, expected, ord)),
        {ReadyAndEvents(24)},
        indexed AS (
            INSERT INTO {TicketIndexSql.Columns}
            SELECT tenant, ticket_id, status, channel, customer_id, queue_id, assignee, waiting_since, priority, preview, last_sequence,
                updated_at, language, preferred_agent, target_agent, sla_due_at, wait_sequence, customer_identity, customer_name,
                last_agent, last_assigned_at, solved_at
            FROM ready
            {TicketIndexSql.OnConflict})
        SELECT ord FROM ready
        """;

    // As PostgresTicketLogStore.AppendEventsAdvancing, for many: the index row's required columns (the row is there,
    // as its writer's last append stored it), updating only the position and time. $1-$10: tenant, ticket, status,
    // channel, customer, queue, priority, preview, position, time; $11 the expected positions; $12-$16 the events.
    internal static readonly string Advancing = $"""
        WITH input AS (
            SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::integer[], $8::text[],
                $9::bigint[], $10::timestamptz[], $11::bigint[]) WITH ORDINALITY
                AS i (tenant, ticket_id, status, channel, customer_id, queue_id, priority, preview, last_sequence, updated_at, expected, ord)),
        {ReadyAndEvents(12)},
        indexed AS (
            INSERT INTO tickets (tenant, ticket_id, status, channel, customer_id, queue_id, priority, preview, last_sequence, updated_at)
            SELECT tenant, ticket_id, status, channel, customer_id, queue_id, priority, preview, last_sequence, updated_at FROM ready
            ON CONFLICT (tenant, ticket_id) DO UPDATE SET last_sequence = excluded.last_sequence, updated_at = excluded.updated_at)
        SELECT ord FROM ready
        """;

    /// <summary>
    /// The CTEs <c>ready</c> (the appends whose log ends at their expected position; referenced three times, so
    /// PostgreSQL reads each log's end once) and <c>appended</c> (their events; the event arrays, starting at
    /// parameter <paramref name="first"/>, are ordinal, sequence, kind, time and payload).
    /// </summary>
    private static string ReadyAndEvents(int first) => $"""
        ready AS (
            SELECT * FROM input
            WHERE (SELECT COALESCE(MAX(e.sequence), 0) FROM ticket_events e WHERE e.tenant = input.tenant AND e.ticket_id = input.ticket_id)
                = input.expected),
        appended AS (
            INSERT INTO ticket_events (tenant, ticket_id, sequence, kind, occurred_at, payload)
            SELECT r.tenant, r.ticket_id, e.sequence, e.kind, e.occurred_at, e.payload
            FROM unnest(${first}::bigint[], ${first + 1}::bigint[], ${first + 2}::text[], ${first + 3}::timestamptz[], ${first + 4}::text[])
                AS e (ord, sequence, kind, occurred_at, payload)
            JOIN ready r ON r.ord = e.ord)
        """;

    /// <summary>The statement for <paramref name="appends"/>, all of which only advance or all of which do not.</summary>
    public static NpgsqlBatchCommand Command(IReadOnlyList<TicketAppend> appends, bool onlyAdvances)
    {
        var command = new NpgsqlBatchCommand(onlyAdvances ? Advancing : Rewriting);
        var parameters = command.Parameters;
        parameters.Add(Texts(appends, a => a.Tenant));
        parameters.Add(Texts(appends, a => a.TicketId));
        parameters.Add(Texts(appends, a => a.Index.Status));
        parameters.Add(Texts(appends, a => a.Index.Channel));
        parameters.Add(Texts(appends, a => a.Index.CustomerId));
        parameters.Add(Texts(appends, a => a.Index.QueueId));
        if (onlyAdvances)
        {
            parameters.Add(Values(appends, a => a.Index.Priority, NpgsqlDbType.Integer));
            parameters.Add(Texts(appends, a => a.Index.Preview));
            parameters.Add(Values(appends, a => a.Index.LastSequence, NpgsqlDbType.Bigint));
            parameters.Add(Times(appends, a => a.UpdatedAt));
        }
        else
        {
            parameters.Add(Texts(appends, a => a.Index.Assignee));
            parameters.Add(Times(appends, a => a.Index.WaitingSince));
            parameters.Add(Values(appends, a => a.Index.Priority, NpgsqlDbType.Integer));
            parameters.Add(Texts(appends, a => a.Index.Preview));
            parameters.Add(Values(appends, a => a.Index.LastSequence, NpgsqlDbType.Bigint));
            parameters.Add(Times(appends, a => a.UpdatedAt));
            parameters.Add(Texts(appends, a => a.Index.Language));
            parameters.Add(Texts(appends, a => a.Index.PreferredAgentId));
            parameters.Add(Texts(appends, a => a.Index.TargetAgentId));
            parameters.Add(Times(appends, a => a.Index.SlaDueAt));
            parameters.Add(Values(appends, a => a.Index.WaitSequence, NpgsqlDbType.Bigint));
            parameters.Add(Texts(appends, a => a.Index.CustomerIdentity));
            parameters.Add(Texts(appends, a => a.Index.CustomerName));
            parameters.Add(Texts(appends, a => a.Index.LastAgentId));
            parameters.Add(Times(appends, a => a.Index.LastAssignedAt));
            parameters.Add(Times(appends, a => a.Index.SolvedAt));
        }
        parameters.Add(Values(appends, a => a.Expected, NpgsqlDbType.Bigint));

        var count = 0;
        foreach (var append in appends)
        {
            count += append.Sequences.Length;
        }
        var (owners, sequences, kinds, occurred, payloads) = (new long[count], new long[count], new string[count], new DateTimeOffset[count], new string[count]);
        var at = 0;
        for (var i = 0; i < appends.Count; i++)
        {
            var append = appends[i];
            for (var j = 0; j < append.Sequences.Length; j++, at++)
            {
                owners[at] = i + 1;
                sequences[at] = append.Sequences[j];
                kinds[at] = append.Kinds[j];
                occurred[at] = append.Occurred[j];
                payloads[at] = append.Payloads[j];
            }
        }
        parameters.Add(new NpgsqlParameter<long[]> { TypedValue = owners, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
        parameters.Add(new NpgsqlParameter<long[]> { TypedValue = sequences, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
        parameters.Add(new NpgsqlParameter<string[]> { TypedValue = kinds, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        parameters.Add(new NpgsqlParameter<DateTimeOffset[]> { TypedValue = occurred, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        parameters.Add(new NpgsqlParameter<string[]> { TypedValue = payloads, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        return command;
    }

    private static NpgsqlParameter<string?[]> Texts(IReadOnlyList<TicketAppend> appends, Func<TicketAppend, string?> value)
    {
        var values = new string?[appends.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = value(appends[i]);
        }
        return new() { TypedValue = values, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text };
    }

    private static NpgsqlParameter<DateTimeOffset?[]> Times(IReadOnlyList<TicketAppend> appends, Func<TicketAppend, DateTimeOffset?> value)
    {
        var values = new DateTimeOffset?[appends.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = value(appends[i])?.ToUniversalTime();
        }
        return new() { TypedValue = values, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz };
    }

    private static NpgsqlParameter<T[]> Values<T>(IReadOnlyList<TicketAppend> appends, Func<TicketAppend, T> value, NpgsqlDbType type)
    {
        var values = new T[appends.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = value(appends[i]);
        }
        return new() { TypedValue = values, NpgsqlDbType = NpgsqlDbType.Array | type };
    }
}
