using Switchboard.Contracts.Tickets;

namespace Switchboard.Contracts.Routing;

/// <summary>
/// An available agent as a queue needs to know it: free capacity per channel, what the agent can do, and
/// since when it has been idle (its last assignment or release). Sent by the agent on every change and periodically.
/// </summary>
[GenerateSerializer, Immutable]
[Alias("switchboard.AgentCapacity")]
public sealed record AgentCapacity(
    [property: Id(0)] string AgentId,
    [property: Id(1)] IReadOnlyDictionary<ChannelKind, int> Free,
    [property: Id(2)] DateTimeOffset IdleSince)
{
    /// <summary>Skill name → proficiency 1–5.</summary>
    [Id(3)]
    public IReadOnlyDictionary<string, int> Skills { get; init; } = new Dictionary<string, int>();

    /// <summary>Languages the agent works in; empty means any.</summary>
    [Id(4)]
    public IReadOnlyList<string> Languages { get; init; } = [];

    /// <summary>
    /// Which activation of the agent sent this: a new one (the last was lost with its silo) holds no offers, so a
    /// queue releases the offers it still counts as on their way to the old one. Empty when not known.
    /// </summary>
    [Id(5)]
    public Guid Incarnation { get; init; }

    /// <summary>
    /// The report's place among those of its <see cref="Incarnation"/>, counting up. One-way messages from one grain to
    /// another can arrive out of order, so a queue keeps the latest report it has and drops an older one that arrives
    /// after it. Zero when not known (never dropped).
    /// </summary>
    [Id(6)]
    public long Version { get; init; }

    /// <summary>
    /// The offers the agent held (received, not yet answered) when it sent this; <see cref="Free"/> already leaves out
    /// their room. An offer a queue made that is not listed had not reached the agent, so the queue still counts its
    /// room as taken. Empty from senders that do not say (their held offers are then counted twice until answered).
    /// </summary>
    [Id(7)]
    public IReadOnlyList<string> HeldOffers { get; init; } = [];
}
