using Switchboard.Contracts.Supervision;

namespace Switchboard.Silo.Supervision;

/// <summary>
/// The agents a tenant has, so a fresh activation knows whom to ask for figures; the trend chart's last hour
/// of samples, so a restart does not blank it; and today's abandonments per queue, which no queue or agent could
/// tell again.
/// </summary>
[GenerateSerializer]
[Alias("switchboard.SupervisionState")]
public sealed class SupervisionState
{
    [Id(0)]
    public HashSet<string> AgentIds { get; set; } = new(StringComparer.Ordinal);

    [Id(1)]
    public List<FloorSample> History { get; set; } = [];

    /// <summary>The UTC day <see cref="AbandonedToday"/> counts.</summary>
    [Id(2)]
    public DateOnly AbandonedOn { get; set; }

    /// <summary>Queue id → tickets abandoned in it on <see cref="AbandonedOn"/>.</summary>
    [Id(3)]
    public Dictionary<string, int> AbandonedToday { get; set; } = new(StringComparer.Ordinal);
}
