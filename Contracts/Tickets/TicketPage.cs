namespace Switchboard.Contracts.Tickets;

/// <summary>
/// A ticket whose transcript holds one page, newest first; <see cref="NextBeforeSequence"/> is set when older
/// messages remain.
/// </summary>
[GenerateSerializer, Immutable]
[Alias("switchboard.TicketPage")]
public sealed record TicketPage(
    [property: Id(0)] TicketView Ticket,
    [property: Id(1)] long? NextBeforeSequence);
