namespace Switchboard.Contracts.Tickets;

/// <summary>A ticket in a list (a customer's history): where it stands, without its transcript.</summary>
[GenerateSerializer, Immutable]
[Alias("switchboard.TicketSummary")]
public sealed record TicketSummary(
    [property: Id(0)] string TicketId,
    [property: Id(1)] TicketStatus Status,
    [property: Id(2)] TicketPriority Priority,
    [property: Id(3)] ChannelKind Channel,
    [property: Id(4)] string Subject,
    [property: Id(5)] string Preview,
    [property: Id(6)] string? AssigneeAgentId,
    [property: Id(7)] DateTimeOffset CreatedAt,
    [property: Id(8)] DateTimeOffset UpdatedAt);
