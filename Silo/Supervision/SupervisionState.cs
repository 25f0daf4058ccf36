namespace Switchboard.Silo.Supervision;

/// <summary>The agents a tenant has, so a fresh activation knows whom to ask for figures.</summary>
[GenerateSerializer]
[Alias("switchboard.SupervisionState")]
public sealed class SupervisionState
{
    [Id(0)]
    public HashSet<string> AgentIds { get; set; } = new(StringComparer.Ordinal);
}
