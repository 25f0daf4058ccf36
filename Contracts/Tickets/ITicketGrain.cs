namespace Switchboard.Contracts.Tickets;

/// <summary>One ticket, keyed "{tenant}/{ticketId}": its log is its transcript and audit trail.</summary>
[Alias("switchboard.ITicketGrain")]
public interface ITicketGrain : IGrainWithStringKey
{
    /// <summary>
    /// Appends a customer message durably, opening the ticket on its first message (a follow-up of
    /// <paramref name="followUpOf"/> if given) and reopening it when solved. A retried adapter message id
    /// is stored once. Returns null when the ticket is closed: the caller opens a follow-up instead.
    /// </summary>
    [Alias("Receive")]
    Task<InboundReceipt?> Receive(CustomerMessage message, string? followUpOf);

    /// <summary>The agent takes the ticket; fails unless it is waiting, so it is never assigned twice.</summary>
    [Alias("Assign")]
    Task<TicketView> Assign(string agentId);

    /// <summary>A public reply by the assignee, handed to the adapter's outbox before it returns.</summary>
    [Alias("Reply")]
    Task<long> Reply(string agentId, string body);

    [Alias("Solve")]
    Task<TicketStatus> Solve(string agentId);

    /// <summary>
    /// The assignee hands the ticket on: to another queue, or to a named agent (who alone is offered it).
    /// </summary>
    [Alias("Transfer")]
    Task Transfer(string agentId, string? targetQueueId, string? targetAgentId);

    /// <summary>The assignee went offline with the ticket open: back in line at its original place.</summary>
    [Alias("Unassign")]
    Task Unassign(string agentId, string reason);

    /// <summary>An escalation moves the waiting ticket from one queue to another, keeping its age.</summary>
    [Alias("Overflow")]
    Task Overflow(string fromQueueId, string toQueueId);

    /// <summary>A supervisor changes a waiting ticket's priority; it keeps its place by age among equals.</summary>
    [Alias("ReprioritizeWaiting")]
    Task ReprioritizeWaiting(int priority);

    [Alias("Close")]
    Task<TicketStatus> Close();

    /// <summary>The ticket; NotFound when no message ever opened it.</summary>
    [Alias("Get")]
    Task<TicketView> Get();
}
