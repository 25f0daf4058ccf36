using Switchboard.Contracts.Agents;
using Switchboard.Contracts.Gateway;

namespace Switchboard.Tests.Cluster;

[Collection(SwitchboardClusterCollection.Name)]
public sealed class DeskPresenceTests(SwitchboardClusterFixture fixture)
{
    private readonly TestTenant _tenant = new(fixture.Client);

    [Fact]
    public async Task Detached_desk_goes_offline_after_the_grace_period_and_its_offer_is_withdrawn()
    {
        var hub = new RecordingHub();
        var reference = fixture.Client.CreateObjectReference<IGatewayHub>(hub);
        await _tenant.CreateAgent("gina");
        var attached = await _tenant.Agent("gina").AttachDesk(reference, "desk-1");
        Assert.True(attached.DeskConnected);
        await _tenant.Agent("gina").SetPresence(Presence.Available);
        var ticketId = (await _tenant.Receive("conv-1", "m-1", "Help")).TicketId;
        await Poll.Until(() => Task.FromResult(hub.DeskEventsOf<OfferMade>("desk-1").ToArray()), o => o.Length == 1, "the desk is shown the offer");

        await _tenant.Agent("gina").DetachDesk("desk-1");

        var offline = await Poll.Until(() => _tenant.Agent("gina").GetStatus(), s => s.Presence == Presence.Offline, "'gina' goes offline");
        Assert.Empty(offline.Offers);
        Assert.False(offline.DeskConnected);
        var queue = await Poll.Until(
            () => _tenant.Queue().GetStatus(), q => !q.AvailableAgentIds.Contains("gina"), "the queue forgets 'gina'");
        var waiting = Assert.Single(queue.Waiting);
        Assert.Equal(ticketId, waiting.Ticket.TicketId);
        Assert.Null(waiting.OfferedToAgentId);
        Assert.Equal([Presence.Available], hub.DeskEventsOf<PresenceChanged>("desk-1").Select(p => p.Presence));
        GC.KeepAlive(hub);
    }

    [Fact]
    public async Task Detaching_a_replaced_desk_connection_leaves_the_agent_connected()
    {
        var hub = new RecordingHub();
        var reference = fixture.Client.CreateObjectReference<IGatewayHub>(hub);
        await _tenant.CreateAgent("ivy");
        await _tenant.Agent("ivy").AttachDesk(reference, "old");
        await _tenant.Agent("ivy").SetPresence(Presence.Available);
        await _tenant.Agent("ivy").AttachDesk(reference, "new");

        await _tenant.Agent("ivy").DetachDesk("old");

        var status = await _tenant.Agent("ivy").GetStatus();
        Assert.True(status.DeskConnected);
        Assert.Equal(Presence.Available, status.Presence);
        GC.KeepAlive(hub);
    }
}
