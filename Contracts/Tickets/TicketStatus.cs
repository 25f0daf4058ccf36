namespace Switchboard.Contracts.Tickets;

[GenerateSerializer]
[Alias("switchboard.TicketStatus")]
public enum TicketStatus
{
    New = 1,
    Open = 2,
    Pending = 3,
    OnHold = 4,
    Solved = 5,
    Closed = 6,
}
