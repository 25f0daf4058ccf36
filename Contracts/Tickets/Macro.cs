namespace Switchboard.Contracts.Tickets;

/// <summary>
/// A tenant's canned action: a public reply rendered from a template with placeholders, plus changes to the
/// ticket, applied together as one audit entry.
/// </summary>
[GenerateSerializer, Immutable]
[Alias("switchboard.Macro")]
public sealed record Macro(
    [property: Id(0)] string MacroId,
    [property: Id(1)] string Title,
    [property: Id(2)] string? ReplyTemplate,
    [property: Id(3)] TicketChanges Changes);
