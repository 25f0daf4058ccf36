using Switchboard.Contracts.Agents;
using Switchboard.Contracts.Tickets;

namespace Switchboard.Silo.Agents;

/// <summary>Free capacity per channel: the profile's limits less the tickets owned and the offers out.</summary>
public static class AgentWorkload
{
    public static IReadOnlyDictionary<ChannelKind, int> Free(
        AgentProfile profile, IReadOnlyDictionary<string, ChannelKind> assigned, IEnumerable<ChannelKind> offered)
    {
        var free = new Dictionary<ChannelKind, int>(profile.Capacities);
        foreach (var channel in assigned.Values.Concat(offered))
        {
            free[channel] = (free.TryGetValue(channel, out var n) ? n : 0) - 1;
        }
        foreach (var channel in free.Keys.ToArray())
        {
            free[channel] = Math.Max(0, free[channel]);
        }
        return free;
    }
}
