namespace Switchboard.Silo.Storage;

/// <summary>Append-only storage of ticket logs, plus the index of where each ticket stands.</summary>
public interface ITicketLogStore
{
    Task<IReadOnlyList<StoredEvent>> ReadAsync(string tenant, string ticketId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Appends events after <paramref name="expectedLastSequence"/> and updates the index row, atomically.
    /// Throws <see cref="LogConflictException"/> when another writer appended first.
    /// </summary>
    /// <param name="stored">
    /// The index row as this writer last stored it, when it knows (null when it does not, e.g. on a fresh activation).
    /// When <paramref name="index"/> differs from it only in <see cref="TicketIndexRow.LastSequence"/> (a message to a
    /// ticket whose routing facts stand still) the store may write only the row's position instead of the whole row.
    /// </param>
    Task AppendAsync(string tenant, string ticketId, long expectedLastSequence, IReadOnlyList<StoredEvent> events, TicketIndexRow index,
        TicketIndexRow? stored = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Erasure: replaces the bodies of the ticket's customer messages and the customer's address in its log and
    /// index with a redaction mark. The only rewrite of a log; idempotent.
    /// </summary>
    Task RedactCustomerAsync(string tenant, string ticketId, CancellationToken cancellationToken = default);

    /// <summary>Tickets waiting in a queue (not assigned), oldest first.</summary>
    Task<IReadOnlyList<TicketIndexRow>> ReadWaitingAsync(string tenant, string queueId, CancellationToken cancellationToken = default);

    /// <summary>
    /// The open tickets (not solved or closed) the index shows assigned to <paramref name="agentId"/>, with their
    /// channel: what an agent's capacity holds, as the tickets' own logs say.
    /// </summary>
    Task<IReadOnlyList<AssignedTicketRow>> ReadAssignedAsync(string tenant, string agentId, CancellationToken cancellationToken = default);

    /// <summary>
    /// The tickets the index shows for <paramref name="customerId"/>, oldest first (by their first event), with the
    /// address and name each was opened with and its last agent: a customer's ticket history, identities and name,
    /// complete as soon as each ticket's opening append is, with no write of the customer's own.
    /// </summary>
    Task<IReadOnlyList<CustomerTicketRow>> ReadCustomerAsync(string tenant, string customerId, CancellationToken cancellationToken = default);

    /// <summary>
    /// The customer's preferred agent: the last agent of their most recently assigned ticket, or null. One indexed read,
    /// made as a ticket opens.
    /// </summary>
    Task<string?> ReadPreferredAgentAsync(string tenant, string customerId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Up to <paramref name="limit"/> tickets the index shows solved before <paramref name="solvedBefore"/> (and not
    /// reopened or closed since), longest solved first: what auto-close has to close.
    /// </summary>
    Task<IReadOnlyList<string>> ReadSolvedBeforeAsync(string tenant, DateTimeOffset solvedBefore, int limit, CancellationToken cancellationToken = default);
}

/// <summary>
/// An open ticket assigned to an agent, its channel as stored in the index (the enum's name), and the position its
/// log had reached when the row was read.
/// </summary>
public sealed record AssignedTicketRow(string TicketId, string Channel, long LastSequence);
