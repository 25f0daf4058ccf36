using Switchboard.EndToEnd.Harness;
using Switchboard.V1;

namespace Switchboard.EndToEnd;

public sealed class PresenceTests
{
    [Fact]
    public async Task Dropped_desk_goes_offline_after_grace_and_its_offer_goes_to_another_agent()
    {
        await using var node = await SwitchboardNode.Start();
        await node.Admin.UpsertAgentAsync(new() { Agent = new AgentProfile { AgentId = "gina" } });
        var desk = await DeskSession.Open(node, "gina");
        await node.Agents.SetPresenceAsync(new() { AgentId = "gina", Presence = Presence.Available });
        await using var adapter = await AdapterSession.Open(node, "webchat");
        var ticketId = (await adapter.SendAcked(AdapterSession.Message("conv-p", "p-1", "Help"))).TicketId;
        Assert.Equal(ticketId, (await desk.NextOffer()).TicketId);

        await desk.DisposeAsync();

        await Eventually.Until(async () => (await node.Admin.GetAgentAsync(new() { AgentId = "gina" })).Presence == Presence.Offline);
        var agent = await node.Admin.GetAgentAsync(new() { AgentId = "gina" });
        Assert.Empty(agent.OfferedTicketIds);
        var queue = await node.Supervisor.GetQueueStatusAsync(new());
        var waiting = Assert.Single(queue.Waiting);
        Assert.Equal(ticketId, waiting.TicketId);
        Assert.DoesNotContain(queue.Agents, a => a.AgentId == "gina");

        await node.Admin.UpsertAgentAsync(new() { Agent = new AgentProfile { AgentId = "hank" } });
        await using var other = await DeskSession.Open(node, "hank");
        await node.Agents.SetPresenceAsync(new() { AgentId = "hank", Presence = Presence.Available });
        Assert.Equal(ticketId, (await other.NextOffer()).TicketId);
    }

    [Fact]
    public async Task Desk_reconnecting_within_grace_stays_available()
    {
        await using var node = await SwitchboardNode.Start(null, "--Switchboard:Routing:DeskGracePeriod=00:00:05");
        await node.Admin.UpsertAgentAsync(new() { Agent = new AgentProfile { AgentId = "ivy" } });
        var desk = await DeskSession.Open(node, "ivy");
        await node.Agents.SetPresenceAsync(new() { AgentId = "ivy", Presence = Presence.Available });
        await desk.DisposeAsync();

        await using var back = await DeskSession.Open(node, "ivy");

        Assert.Equal(Presence.Available, back.Snapshot.Presence);
        Assert.True(await back.Inbox.NothingWithin(e => e.EventCase == StreamDeskResponse.EventOneofCase.PresenceChanged, TimeSpan.FromSeconds(6)));
        Assert.Equal(Presence.Available, (await node.Admin.GetAgentAsync(new() { AgentId = "ivy" })).Presence);
    }

    [Fact]
    public async Task Declined_offer_goes_back_in_line_and_to_the_next_agent()
    {
        await using var node = await SwitchboardNode.Start();
        await node.Admin.UpsertAgentAsync(new() { Agent = new AgentProfile { AgentId = "jack" } });
        await using var jack = await DeskSession.Open(node, "jack");
        await node.Agents.SetPresenceAsync(new() { AgentId = "jack", Presence = Presence.Available });
        await using var adapter = await AdapterSession.Open(node, "webchat");
        var ticketId = (await adapter.SendAcked(AdapterSession.Message("conv-d", "d-1", "Help"))).TicketId;
        Assert.Equal(ticketId, (await jack.NextOffer()).TicketId);
        await node.Admin.UpsertAgentAsync(new() { Agent = new AgentProfile { AgentId = "kim" } });
        await using var kim = await DeskSession.Open(node, "kim");
        await node.Agents.SetPresenceAsync(new() { AgentId = "kim", Presence = Presence.Available });

        await node.Agents.DeclineOfferAsync(new() { AgentId = "jack", TicketId = ticketId });

        Assert.Equal(ticketId, (await kim.NextOffer()).TicketId);
    }
}
