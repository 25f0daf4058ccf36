namespace Switchboard.Silo.Storage;

/// <summary>
/// The ticket's current routing facts, written in the same transaction as its events: queues rebuild
/// their waiting lines from it, and reports can read it with plain SQL.
/// </summary>
public sealed record TicketIndexRow(
    string Tenant,
    string TicketId,
    string Status,
    string Channel,
    string CustomerId,
    string QueueId,
    string? Assignee,
    DateTimeOffset? WaitingSince,
    int Priority,
    string Preview,
    long LastSequence)
{
    /// <summary>Routing facts a rebuilt queue needs: the conversation's language, the customer's last agent,
    /// and the agent a transfer named.</summary>
    public string? Language { get; init; }

    public string? PreferredAgentId { get; init; }

    public string? TargetAgentId { get; init; }

    /// <summary>When the ticket's next SLA target falls due, for queues ordered by SLA; null when no clock runs.</summary>
    public DateTimeOffset? SlaDueAt { get; init; }

    /// <summary>
    /// While the ticket waits, the log position that started this wait (see QueuedTicket.WaitSequence); null when it
    /// does not wait, and in rows written before schema version 5 / migration 009.
    /// </summary>
    public long? WaitSequence { get; init; }
}
