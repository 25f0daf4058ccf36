namespace Switchboard.Contracts.Routing;

/// <summary>A queue's configuration: the skills it needs, how waiting tickets are ordered and how they escalate.</summary>
[GenerateSerializer, Immutable]
[Alias("switchboard.QueueDefinition")]
public sealed record QueueDefinition(
    [property: Id(0)] string QueueId,
    [property: Id(1)] string DisplayName,
    [property: Id(2)] IReadOnlyDictionary<string, int> RequiredSkills,
    [property: Id(3)] IReadOnlyList<EscalationStep> Escalations)
{
    /// <summary>Answered within this wait counts toward the service level; null means the deployment's default.</summary>
    [Id(4)]
    public TimeSpan? ServiceLevelTarget { get; init; }

    /// <summary>How tickets of equal priority stand in line.</summary>
    [Id(5)]
    public QueueOrdering Ordering { get; init; } = QueueOrdering.LongestWaiting;

    public static QueueDefinition Default(string queueId) => new(queueId, queueId, new Dictionary<string, int>(), []);
}
