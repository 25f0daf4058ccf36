using Switchboard.Contracts.Agents;
using Switchboard.Contracts.Tickets;

namespace Switchboard.Silo.Agents;

/// <summary>
/// Free capacity per channel: the profile's limits less the tickets owned, the offers out and the tickets in
/// wrap-up. Holding anything on an exclusive channel (voice) leaves no room on any other.
/// </summary>
public static class AgentWorkload
{
    public static IReadOnlyDictionary<ChannelKind, int> Free(
        AgentProfile profile, IReadOnlyDictionary<string, ChannelKind> assigned, IEnumerable<ChannelKind> offered, IEnumerable<ChannelKind>? wrappingUp = null)
    {
        var busy = assigned.Values.Concat(offered).Concat(wrappingUp ?? []).ToList();
        var free = new Dictionary<ChannelKind, int>(profile.Capacities);
        foreach (var channel in busy)
        {
            free[channel] = (free.TryGetValue(channel, out var n) ? n : 0) - 1;
        }
        var exclusive = busy.Where(profile.ExclusiveChannels.Contains).ToHashSet();
        foreach (var channel in free.Keys.ToArray())
        {
            var blocked = exclusive.Count > 0 && !exclusive.Contains(channel);
            free[channel] = blocked ? 0 : Math.Max(0, free[channel]);
        }
        return free;
    }
}
