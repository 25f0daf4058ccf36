namespace Switchboard.Silo.Storage;

/// <summary>
/// The ticket index row's upsert, as both stores write it (SQLite and PostgreSQL take the same <c>ON CONFLICT</c>
/// form): its columns in the order their values are bound, and what a conflict on the ticket's key replaces.
/// </summary>
internal static class TicketIndexSql
{
    /// <summary>The table and its columns, in the order of their values (22 of them).</summary>
    public const string Columns = """
        tickets (tenant, ticket_id, status, channel, customer_id, queue_id, assignee, waiting_since, priority, preview, last_sequence, updated_at,
            language, preferred_agent, target_agent, sla_due_at, wait_sequence, customer_identity, customer_name, last_agent, last_assigned_at, solved_at)
        """;

    /// <summary>An existing row takes every value of the new one.</summary>
    public const string OnConflict = """
        ON CONFLICT (tenant, ticket_id) DO UPDATE SET status = excluded.status, channel = excluded.channel,
            customer_id = excluded.customer_id, queue_id = excluded.queue_id, assignee = excluded.assignee,
            waiting_since = excluded.waiting_since, priority = excluded.priority, preview = excluded.preview,
            last_sequence = excluded.last_sequence, updated_at = excluded.updated_at,
            language = excluded.language, preferred_agent = excluded.preferred_agent, target_agent = excluded.target_agent,
            sla_due_at = excluded.sla_due_at, wait_sequence = excluded.wait_sequence,
            customer_identity = excluded.customer_identity, customer_name = excluded.customer_name,
            last_agent = excluded.last_agent, last_assigned_at = excluded.last_assigned_at, solved_at = excluded.solved_at
        """;
}
