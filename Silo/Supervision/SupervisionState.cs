using Switchboard.Contracts.Supervision;

namespace Switchboard.Silo.Supervision;

/// <summary>
/// The agents a tenant has, so a fresh activation knows whom to ask for figures, and the trend chart's last hour
/// of samples, so a restart does not blank it.
/// </summary>
[GenerateSerializer]
[Alias("switchboard.SupervisionState")]
public sealed class SupervisionState
{
    [Id(0)]
    public HashSet<string> AgentIds { get; set; } = new(StringComparer.Ordinal);

    [Id(1)]
    public List<FloorSample> History { get; set; } = [];
}
