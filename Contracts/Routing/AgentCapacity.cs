using Switchboard.Contracts.Tickets;

namespace Switchboard.Contracts.Routing;

/// <summary>An available agent's free capacity per channel, as the agent reports it to its queues.</summary>
[GenerateSerializer, Immutable]
[Alias("switchboard.AgentCapacity")]
public sealed record AgentCapacity(
    [property: Id(0)] string AgentId,
    [property: Id(1)] IReadOnlyDictionary<ChannelKind, int> Free,
    [property: Id(2)] DateTimeOffset IdleSince);
