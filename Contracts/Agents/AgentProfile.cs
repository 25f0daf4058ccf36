using Switchboard.Contracts.Tickets;

namespace Switchboard.Contracts.Agents;

/// <summary>
/// What an agent can take, like a routing profile: tickets per channel at once, skills and languages, the
/// queues served with a priority each (lower number first), wrap-up time per channel, and channels that
/// block all others while the agent has one (voice, by default).
/// </summary>
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

    /// <summary>Skill name → proficiency 1–5.</summary>
    [Id(5)]
    public IReadOnlyDictionary<string, int> Skills { get; init; } = new Dictionary<string, int>();

    /// <summary>Languages the agent works in (e.g. "en", "de"); empty means any.</summary>
    [Id(6)]
    public IReadOnlyList<string> Languages { get; init; } = [];

    /// <summary>Queue id → priority for that queue (1 is served first); queues not listed have priority 1.</summary>
    [Id(7)]
    public IReadOnlyDictionary<string, int> QueuePriorities { get; init; } = new Dictionary<string, int>();

    /// <summary>After-contact work per channel: the capacity a solved ticket used stays taken this long.</summary>
    [Id(8)]
    public IReadOnlyDictionary<ChannelKind, TimeSpan> WrapUp { get; init; } = new Dictionary<ChannelKind, TimeSpan>();

    /// <summary>While the agent holds a ticket on one of these channels, nothing else is offered.</summary>
    [Id(9)]
    public IReadOnlyList<ChannelKind> ExclusiveChannels { get; init; } = [ChannelKind.Voice];

    public static AgentProfile Default(string agentId) =>
        new(agentId, agentId, DefaultCapacities, AutoAccept: false, [DefaultQueueId]);

    public int CapacityFor(ChannelKind channel) => Capacities.TryGetValue(channel, out var max) ? max : 0;

    public int PriorityFor(string queueId) => QueuePriorities.TryGetValue(queueId, out var priority) ? priority : 1;
}
