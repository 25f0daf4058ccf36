using System.Runtime.InteropServices;
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
        // Asked on every offer and every capacity report, so counted in place: one dictionary, no sequences or sets.
        var free = new Dictionary<ChannelKind, int>(profile.Capacities);
        List<ChannelKind>? exclusive = null;
        foreach (var channel in assigned.Values)
        {
            Hold(free, profile, channel, ref exclusive);
        }
        foreach (var channel in offered)
        {
            Hold(free, profile, channel, ref exclusive);
        }
        foreach (var channel in wrappingUp ?? [])
        {
            Hold(free, profile, channel, ref exclusive);
        }
        foreach (var (channel, count) in free)
        {
            var blocked = exclusive is not null && !exclusive.Contains(channel);
            // Through a reference: replacing a value this way leaves the enumeration valid.
            CollectionsMarshal.GetValueRefOrNullRef(free, channel) = blocked ? 0 : Math.Max(0, count);
        }
        return free;
    }

    private static void Hold(Dictionary<ChannelKind, int> free, AgentProfile profile, ChannelKind channel, ref List<ChannelKind>? exclusive)
    {
        CollectionsMarshal.GetValueRefOrAddDefault(free, channel, out _)--;
        if (profile.ExclusiveChannels.Contains(channel))
        {
            (exclusive ??= []).Add(channel);
        }
    }
}
