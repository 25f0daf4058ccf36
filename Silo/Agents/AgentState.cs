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

    /// <summary>When the presence last changed.</summary>
    [Id(3)]
    public DateTimeOffset PresenceSince { get; set; }

    /// <summary>The UTC day <see cref="HandledToday"/> counts.</summary>
    [Id(4)]
    public DateOnly HandledOn { get; set; }

    /// <summary>Tickets the agent solved on <see cref="HandledOn"/>.</summary>
    [Id(5)]
    public int HandledToday { get; set; }

    /// <summary>The UTC day the satisfaction figures count.</summary>
    [Id(6)]
    public DateOnly CsatOn { get; set; }

    /// <summary>Satisfaction ratings received on <see cref="CsatOn"/>, and their sum.</summary>
    [Id(7)]
    public int CsatRatingsToday { get; set; }

    [Id(8)]
    public int CsatSumToday { get; set; }
}
