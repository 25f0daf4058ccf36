using Switchboard.Contracts.Agents;
using Switchboard.Contracts.Tickets;
using Switchboard.Silo.Agents;

namespace Switchboard.Tests.Agents;

public sealed class AgentWorkloadTests
{
    private static readonly AgentProfile Profile = new(
        "a", "A", new Dictionary<ChannelKind, int> { [ChannelKind.Chat] = 3, [ChannelKind.Voice] = 1 }, AutoAccept: false, ["default"]);

    [Fact]
    public void Idle_agent_has_the_full_capacity_of_its_profile()
    {
        var free = AgentWorkload.Free(Profile, new Dictionary<string, ChannelKind>(), []);

        Assert.Equal(3, free[ChannelKind.Chat]);
        Assert.Equal(1, free[ChannelKind.Voice]);
    }

    [Fact]
    public void Assigned_tickets_and_open_offers_both_use_capacity_on_their_channel()
    {
        var assigned = new Dictionary<string, ChannelKind> { ["t-1"] = ChannelKind.Chat };

        var free = AgentWorkload.Free(Profile with { ExclusiveChannels = [] }, assigned, [ChannelKind.Chat, ChannelKind.Voice]);

        Assert.Equal(1, free[ChannelKind.Chat]);
        Assert.Equal(0, free[ChannelKind.Voice]);
    }

    [Fact]
    public void Holding_a_voice_ticket_leaves_no_room_on_any_other_channel()
    {
        var assigned = new Dictionary<string, ChannelKind> { ["call"] = ChannelKind.Voice };

        var free = AgentWorkload.Free(Profile, assigned, []);

        Assert.All(free.Values, room => Assert.Equal(0, room));
    }

    [Fact]
    public void Wrap_up_uses_capacity_like_an_assigned_ticket()
    {
        var free = AgentWorkload.Free(Profile with { ExclusiveChannels = [] }, new Dictionary<string, ChannelKind>(), [], [ChannelKind.Chat, ChannelKind.Chat]);

        Assert.Equal(Profile.CapacityFor(ChannelKind.Chat) - 2, free[ChannelKind.Chat]);
    }

    [Fact]
    public void Free_capacity_never_goes_below_zero()
    {
        var assigned = new Dictionary<string, ChannelKind> { ["t-1"] = ChannelKind.Voice, ["t-2"] = ChannelKind.Voice };

        var free = AgentWorkload.Free(Profile, assigned, [ChannelKind.Voice]);

        Assert.Equal(0, free[ChannelKind.Voice]);
    }

    [Fact]
    public void Channel_missing_from_the_profile_has_no_capacity()
    {
        var free = AgentWorkload.Free(Profile, new Dictionary<string, ChannelKind> { ["t-1"] = ChannelKind.Email }, []);

        Assert.Equal(0, free.GetValueOrDefault(ChannelKind.Email));
        Assert.Equal(0, free.GetValueOrDefault(ChannelKind.Sms));
        Assert.Equal(3, free[ChannelKind.Chat]);
    }

    [Fact]
    public void A_call_offered_or_in_wrap_up_blocks_other_channels_like_one_assigned()
    {
        var none = new Dictionary<string, ChannelKind>();

        var offered = AgentWorkload.Free(Profile, none, [ChannelKind.Voice]);
        var wrapping = AgentWorkload.Free(Profile, new Dictionary<string, ChannelKind> { ["t-1"] = ChannelKind.Chat }, [], [ChannelKind.Voice]);

        Assert.All(offered.Values, room => Assert.Equal(0, room));
        Assert.All(wrapping.Values, room => Assert.Equal(0, room));
        // The profile's own capacities are untouched by the count.
        Assert.Equal(3, Profile.Capacities[ChannelKind.Chat]);
        Assert.Equal(1, Profile.Capacities[ChannelKind.Voice]);
    }
}
