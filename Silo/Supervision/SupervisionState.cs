namespace Switchboard.Silo.Supervision;

/// <summary>
/// The agents a tenant has, so a fresh activation knows whom to ask for figures; and today's abandonments per
/// queue, which no queue or agent could tell again.
/// </summary>
[GenerateSerializer]
[Alias("switchboard.SupervisionState")]
public sealed class SupervisionState
{
    [Id(0)]
    public HashSet<string> AgentIds { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The UTC day <see cref="AbandonedToday"/> counts.</summary>
    [Id(1)]
    public DateOnly AbandonedOn { get; set; }

    /// <summary>Queue id → tickets abandoned in it on <see cref="AbandonedOn"/>.</summary>
    [Id(2)]
    public Dictionary<string, int> AbandonedToday { get; set; } = new(StringComparer.Ordinal);
}
