using Switchboard.Contracts.Tickets;

namespace Switchboard.Contracts.Agents;

/// <summary>What an agent can take: tickets per channel at once, auto-accept, the queues served.</summary>
[GenerateSerializer, Immutable]
[Alias("switchboard.AgentProfile")]
public sealed record AgentProfile(
    [property: Id(0)] string AgentId,
    [property: Id(1)] string DisplayName,
    [property: Id(2)] IReadOnlyDictionary<ChannelKind, int> Capacities,
    [property: Id(3)] bool AutoAccept,
    [property: Id(4)] IReadOnlyList<string> QueueIds)
{
    public const string DefaultQueueId = "default";

    public static IReadOnlyDictionary<ChannelKind, int> DefaultCapacities { get; } = new Dictionary<ChannelKind, int>
    {
        [ChannelKind.Chat] = 3,
        [ChannelKind.Email] = 5,
        [ChannelKind.Voice] = 1,
        [ChannelKind.Sms] = 3,
        [ChannelKind.Social] = 3,
    };

    public static AgentProfile Default(string agentId) =>
        new(agentId, agentId, DefaultCapacities, AutoAccept: false, [DefaultQueueId]);

    public int CapacityFor(ChannelKind channel) => Capacities.TryGetValue(channel, out var max) ? max : 0;
}
