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

    /// <summary>
    /// Several messages of the ticket's conversation, in order, as <see cref="Receive"/> takes each, stored in one
    /// append. Returns a receipt per message, in the same order; null for each message a closed ticket did not take.
    /// </summary>
    [Alias("ReceiveAll")]
    Task<IReadOnlyList<InboundReceipt?>> ReceiveAll(IReadOnlyList<CustomerMessage> messages, string? followUpOf);

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

    /// <summary>
    /// A supervisor boosts a waiting ticket (0–100, added to its priority level's rank; 0 takes the boost off); it keeps
    /// its place by age among equals.
    /// </summary>
    [Alias("ReprioritizeWaiting")]
    Task ReprioritizeWaiting(int priority);

    /// <summary>Erasure: redacts the customer's message bodies and address on this ticket, keeping an audit entry.</summary>
    [Alias("EraseCustomer")]
    Task EraseCustomer();

    [Alias("Close")]
    Task<TicketStatus> Close();

    /// <summary>
    /// Closes the ticket if it has stayed solved for the tenant's auto-close time; anything else (reopened, solved
    /// again since, already closed) changes nothing. True when it is closed now. The tenant's
    /// <see cref="ITicketSweeperGrain"/> calls it.
    /// </summary>
    [Alias("CloseIfDue")]
    Task<bool> CloseIfDue();

    /// <summary>
    /// Changes status, priority, tags, custom fields and subject as one audit entry. Any agent may change the
    /// ticket's details; only the assignee changes its status, along the transitions an agent may make.
    /// </summary>
    [Alias("Update")]
    Task<TicketView> Update(string agentId, TicketChanges changes);

    /// <summary>An internal note by any agent: on the ticket's log and transcript, never sent to the customer.</summary>
    [Alias("AddNote")]
    Task<long> AddNote(string agentId, string body);

    /// <summary>
    /// The assignee applies a tenant macro: its rendered reply and its changes are one event on the log, and
    /// the reply goes to the adapter's outbox. If any part is not allowed, nothing happens.
    /// </summary>
    [Alias("ApplyMacro")]
    Task<TicketView> ApplyMacro(string agentId, string agentName, string macroId);

    /// <summary>
    /// The customer's answer to the survey <paramref name="surveyId"/>: recorded once (a retry returns the first
    /// answer); FailedPrecondition when no such survey is waiting or the ticket is closed.
    /// </summary>
    [Alias("RateCsat")]
    Task<CsatReceipt> RateCsat(string surveyId, int rating, string? comment);

    /// <summary>
    /// The target side of a merge, first step (called by the customer's grain, which runs one merge of its tickets
    /// at a time): refuses when this ticket is closed or is the source itself. Changes nothing.
    /// </summary>
    [Alias("CheckAbsorb")]
    Task CheckAbsorb(string sourceTicketId);

    /// <summary>The target side of a merge, last step: the source has closed with a link here; record it.</summary>
    [Alias("RecordMergedFrom")]
    Task<TicketView> RecordMergedFrom(string agentId, string sourceTicketId);

    /// <summary>
    /// The source side of a merge, called by the customer's grain: checks this ticket belongs to
    /// <paramref name="customerId"/> and is not closed, then closes it with a link to the target.
    /// </summary>
    [Alias("MergeInto")]
    Task MergeInto(string agentId, string targetTicketId, string customerId);

    /// <summary>An agent starts a thread with a third party; its first message goes to the named adapter's outbox.</summary>
    [Alias("StartSideConversation")]
    Task<SideConversationReceipt> StartSideConversation(string agentId, SideConversationDraft draft);

    /// <summary>An agent writes in an open side conversation; the message goes out through the thread's adapter.</summary>
    [Alias("ReplySideConversation")]
    Task<SideConversationReceipt> ReplySideConversation(string agentId, string sideConversationId, string body);

    [Alias("CloseSideConversation")]
    Task CloseSideConversation(string agentId, string sideConversationId);

    /// <summary>
    /// A third party's reply, stored once per adapter message id in its thread (reopening a closed thread). It
    /// never touches the customer's transcript, status or assignee.
    /// </summary>
    [Alias("ReceiveSideMessage")]
    Task<SideConversationReceipt> ReceiveSideMessage(ThirdPartyMessage message);

    /// <summary>
    /// The customer left the conversation. A ticket still waiting for its first agent is abandoned: it leaves its
    /// queue and closes. Returns false (changing nothing) for a ticket an agent has or had.
    /// </summary>
    [Alias("Abandon")]
    Task<bool> Abandon();

    /// <summary>The ticket; NotFound when no message ever opened it.</summary>
    [Alias("Get")]
    Task<TicketView> Get();

    /// <summary>The ticket with one page of its transcript, newest first, from just before <paramref name="beforeSequence"/>.</summary>
    [Alias("GetPage")]
    Task<TicketPage> GetPage(int pageSize, long? beforeSequence);

    /// <summary>The audit trail in log order, from just after <paramref name="afterSequence"/>.</summary>
    [Alias("ListEvents")]
    Task<AuditPage> ListEvents(int pageSize, long afterSequence);

    /// <summary>Whether a message ever opened the ticket. A read that never waits.</summary>
    [Alias("Exists"), AlwaysInterleave]
    Task<bool> Exists();

    /// <summary>Where the ticket stands, for lists. A read that never waits, so list builders cannot deadlock with it.</summary>
    [Alias("Summarize"), AlwaysInterleave]
    Task<TicketSummary> Summarize();
}
