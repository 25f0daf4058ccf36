using Switchboard.Contracts.Tickets;

namespace Switchboard.Silo.Tickets;

/// <summary>The ticket's life as rules, without Orleans: which status changes an agent may make, and how priority ranks in line.</summary>
public static class TicketWorkflow
{
    /// <summary>Why an agent may not move a ticket from one status to another, or null when they may.</summary>
    public static string? CheckAgentTransition(TicketStatus from, TicketStatus to)
    {
        if (from == to)
        {
            return null;
        }
        return (from, to) switch
        {
            (TicketStatus.Closed, _) => "it is closed; a customer message opens a follow-up ticket",
            (_, TicketStatus.New) => "a ticket is New only until an agent first takes it",
            (_, TicketStatus.Closed) => "solved tickets close automatically, or with AdminService.CloseTicket",
            (TicketStatus.Solved, _) => "it is solved; a customer message reopens it",
            (TicketStatus.New, _) => "it is New; an agent takes it first",
            _ => null,
        };
    }

    /// <summary>Statuses that stop the SLA clocks: the ticket waits on the customer or a third party.</summary>
    public static bool IsPaused(TicketStatus status) => status is TicketStatus.Pending or TicketStatus.OnHold;

    /// <summary>
    /// The ticket's rank in its queue (higher is offered first). Normal is 0, so tickets queued before
    /// priorities existed keep their place; escalations add to this.
    /// </summary>
    public static int RoutingPriority(TicketPriority priority) => priority switch
    {
        TicketPriority.Low => -1,
        TicketPriority.High => 1,
        TicketPriority.Urgent => 2,
        _ => 0,
    };

    /// <summary>
    /// Whether a customer leaving abandons the ticket: only while it waits for its first agent. Once an agent has
    /// had it, the customer leaving is part of the work, not a lost contact.
    /// </summary>
    public static bool CanBeAbandoned(bool waiting, string? lastAgentId) => waiting && lastAgentId is null;
}
