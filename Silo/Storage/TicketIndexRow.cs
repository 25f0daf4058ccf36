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

    /// <summary>
    /// The address the ticket was opened from ("{channel}:{address}", as the customer directory keys it) and the name the
    /// adapter gave with it: a customer's identities and name are read from its tickets' rows, so a new customer costs no
    /// write of its own. Null once the customer is erased, and in rows written before schema version 8 / migration 012.
    /// </summary>
    public string? CustomerIdentity { get; init; }

    public string? CustomerName { get; init; }

    /// <summary>
    /// The last agent the ticket was assigned to (kept when it is solved or re-queued) and when: the customer's preferred
    /// agent is the one on their most recently assigned ticket.
    /// </summary>
    public string? LastAgentId { get; init; }

    public DateTimeOffset? LastAssignedAt { get; init; }

    /// <summary>
    /// While the ticket is solved, when it was solved; null otherwise. The tenant's sweeper closes the rows whose time
    /// is older than the auto-close time (schema version 9 / migration 013).
    /// </summary>
    public DateTimeOffset? SolvedAt { get; init; }

    /// <summary>Whether this row differs from <paramref name="stored"/> in nothing but its log position.</summary>
    public bool OnlyAdvances(TicketIndexRow? stored) => stored is not null && stored with { LastSequence = LastSequence } == this;
}

/// <summary>One of a customer's tickets as the index shows it (see <see cref="TicketIndexRow"/>).</summary>
public sealed record CustomerTicketRow(string TicketId, string? Identity, string? Name, string? LastAgentId, DateTimeOffset? LastAssignedAt);
