namespace Switchboard.Contracts.Routing;

/// <summary>
/// A ticket a queue set aside for an agent that asked for better work than it was offered. When
/// <see cref="AlreadyOffered"/>, the queue had offered it to that agent already and the offer is still on its way.
/// </summary>
[GenerateSerializer, Immutable]
[Alias("switchboard.ClaimedTicket")]
public sealed record ClaimedTicket(
    [property: Id(0)] QueuedTicket Ticket,
    [property: Id(1)] LineStanding Standing,
    [property: Id(2)] bool AlreadyOffered);
