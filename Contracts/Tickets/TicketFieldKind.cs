namespace Switchboard.Contracts.Tickets;

/// <summary>What a custom ticket field holds, and so which values it accepts.</summary>
[GenerateSerializer]
[Alias("switchboard.TicketFieldKind")]
public enum TicketFieldKind
{
    Text = 1,
    Number = 2,
    DropDown = 3,
    Checkbox = 4,
}
