namespace Switchboard.Contracts.Tickets;

/// <summary>How urgent a ticket is; higher priorities are offered to agents first.</summary>
[GenerateSerializer]
[Alias("switchboard.TicketPriority")]
public enum TicketPriority
{
    Low = 1,
    Normal = 2,
    High = 3,
    Urgent = 4,
}
