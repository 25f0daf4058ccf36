namespace Switchboard.Contracts.Tickets;

/// <summary>
/// A tenant's service-level targets for the tickets it matches (empty conditions match any). Clocks pause
/// while a ticket is Pending or On-hold, and outside <see cref="BusinessHours"/> when the policy has them.
/// A breach can raise the ticket's priority to <see cref="BreachPriority"/>.
/// </summary>
[GenerateSerializer, Immutable]
[Alias("switchboard.SlaPolicy")]
public sealed record SlaPolicy(
    [property: Id(0)] string PolicyId,
    [property: Id(1)] string Title,
    [property: Id(2)] IReadOnlyList<TicketPriority> Priorities,
    [property: Id(3)] IReadOnlyList<string> QueueIds,
    [property: Id(4)] IReadOnlyList<ChannelKind> Channels,
    [property: Id(5)] TimeSpan? FirstReply,
    [property: Id(6)] TimeSpan? NextReply,
    [property: Id(7)] TimeSpan? Resolution,
    [property: Id(8)] TimeSpan WarnBefore,
    [property: Id(9)] TicketPriority? BreachPriority,
    [property: Id(10)] BusinessHours? BusinessHours = null,
    [property: Id(11)] IReadOnlyList<string>? Brands = null)
{
    /// <summary>Whether the policy applies; Brands is null in policies saved before brands could be named.</summary>
    public bool Matches(TicketPriority priority, string queueId, ChannelKind channel, string? brand) =>
        (Priorities.Count == 0 || Priorities.Contains(priority))
        && (QueueIds.Count == 0 || QueueIds.Contains(queueId, StringComparer.Ordinal))
        && (Channels.Count == 0 || Channels.Contains(channel))
        && (Brands is not { Count: > 0 } || (brand is not null && Brands.Contains(brand, StringComparer.Ordinal)));
}
