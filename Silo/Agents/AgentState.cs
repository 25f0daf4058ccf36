using Switchboard.Contracts.Agents;
using Switchboard.Contracts.Tickets;

namespace Switchboard.Silo.Agents;

[GenerateSerializer]
[Alias("switchboard.AgentState")]
public sealed class AgentState
{
    [Id(0)]
    public AgentProfile? Profile { get; set; }

    [Id(1)]
    public Presence Presence { get; set; } = Presence.Offline;

    /// <summary>Tickets the agent owns, with their channel (what uses the capacity).</summary>
    [Id(2)]
    public Dictionary<string, ChannelKind> Assigned { get; set; } = new(StringComparer.Ordinal);
}
