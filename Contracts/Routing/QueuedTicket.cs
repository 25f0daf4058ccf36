using Switchboard.Contracts.Tickets;

namespace Switchboard.Contracts.Routing;

/// <summary>A ticket waiting in a queue; its place in line is (priority, SLA due time if the queue orders by it, WaitingSince).</summary>
[GenerateSerializer, Immutable]
[Alias("switchboard.QueuedTicket")]
public sealed record QueuedTicket(
    [property: Id(0)] string TicketId,
    [property: Id(1)] string QueueId,
    [property: Id(2)] ChannelKind Channel,
    [property: Id(3)] string CustomerId,
    [property: Id(4)] string Preview,
    [property: Id(5)] DateTimeOffset WaitingSince,
    [property: Id(6)] int Priority)
{
    /// <summary>The conversation's language, if the adapter knows it; only agents who work in it qualify.</summary>
    [Id(7)]
    public string? Language { get; init; }

    /// <summary>The customer's last agent, offered the ticket first when available.</summary>
    [Id(8)]
    public string? PreferredAgentId { get; init; }

    /// <summary>Set by a transfer to a named agent: only that agent is offered the ticket.</summary>
    [Id(9)]
    public string? TargetAgentId { get; init; }

    /// <summary>
    /// The ticket log position that started this wait. An answer to an offer counts only for the wait it was made
    /// in, so a ticket that was assigned and came back is never taken out of line by a late answer from before.
    /// </summary>
    [Id(10)]
    public long WaitSequence { get; init; }

    /// <summary>When the ticket's next SLA target falls due (the earliest running one); null when no clock runs.</summary>
    [Id(11)]
    public DateTimeOffset? SlaDueAt { get; init; }
}
