using Switchboard.Contracts.Agents;
using Switchboard.Contracts.Tickets;

namespace Switchboard.Contracts.Supervision;

/// <summary>An agent as the floor sees it, sent by the agent grain whenever any of it changes.</summary>
[GenerateSerializer, Immutable]
[Alias("switchboard.AgentFigures")]
public sealed record AgentFigures(
    [property: Id(0)] string AgentId,
    [property: Id(1)] string DisplayName,
    [property: Id(2)] Presence Presence,
    [property: Id(3)] DateTimeOffset PresenceSince,
    [property: Id(4)] IReadOnlyList<ChannelLoad> Load,
    [property: Id(5)] int HandledToday,
    [property: Id(6)] int OffersOutstanding,
    [property: Id(7)] IReadOnlyList<string> QueueIds)
{
    /// <summary>Satisfaction ratings received since midnight UTC.</summary>
    [Id(8)]
    public int CsatRatingsToday { get; init; }

    /// <summary>The sum of those ratings (1–5 each).</summary>
    [Id(9)]
    public int CsatSumToday { get; init; }

    /// <summary>The average rating today; null before the first.</summary>
    public double? CsatAverageToday => CsatRatingsToday == 0 ? null : (double)CsatSumToday / CsatRatingsToday;

    /// <summary>Tickets held on any channel.</summary>
    public int TicketsHeld => Load.Sum(l => l.Tickets);
}

/// <summary>Tickets an agent holds on one channel against the most allowed.</summary>
[GenerateSerializer, Immutable]
[Alias("switchboard.ChannelLoad")]
public sealed record ChannelLoad([property: Id(0)] ChannelKind Channel, [property: Id(1)] int Tickets, [property: Id(2)] int Capacity);
