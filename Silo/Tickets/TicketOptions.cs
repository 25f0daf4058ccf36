using System.ComponentModel.DataAnnotations;

namespace Switchboard.Silo.Tickets;

/// <summary>Ticket workflow timings, bound from "Switchboard:Tickets".</summary>
public sealed class TicketOptions
{
    public const string Section = "Switchboard:Tickets";

    /// <summary>How long a solved ticket stays solved (a customer message reopens it) before it closes for good.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "28.00:00:00")]
    public TimeSpan AutoCloseAfter { get; set; } = TimeSpan.FromDays(4);
}
