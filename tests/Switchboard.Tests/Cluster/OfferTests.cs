using Switchboard.Contracts;
using Switchboard.Contracts.Agents;
using Switchboard.Contracts.Gateway;
using Switchboard.Contracts.Tickets;

namespace Switchboard.Tests.Cluster;

[Collection(SwitchboardClusterCollection.Name)]
public sealed class OfferTests(SwitchboardClusterFixture fixture)
{
    private readonly TestTenant _tenant = new(fixture.Client);

    [Fact]
    public async Task Offer_is_shown_to_the_agent_and_accepting_assigns_the_ticket_once()
    {
        await _tenant.CreateAgent("manual", chatCapacity: 1);
        await _tenant.Agent("manual").SetPresence(Presence.Available);
        var ticketId = (await _tenant.Receive("conv-1", "m-1", "Where is my parcel?")).TicketId;

        var offered = await Poll.Until(() => _tenant.Agent("manual").GetStatus(), s => s.Offers.Count > 0, "the ticket is offered to 'manual'");
        var offer = Assert.Single(offered.Offers);
        Assert.Equal(ticketId, offer.TicketId);
        Assert.Equal("Where is my parcel?", offer.Preview);
        Assert.Equal(ChannelKind.Chat, offer.Channel);
        Assert.Equal("manual", Assert.Single((await _tenant.Queue().GetStatus()).Waiting).OfferedToAgentId);

        var assigned = await _tenant.Agent("manual").Accept(ticketId);

        Assert.Equal("manual", assigned.AssigneeAgentId);
        Assert.Equal(TicketStatus.Open, assigned.Status);
        var status = await _tenant.Agent("manual").GetStatus();
        Assert.Equal([ticketId], status.AssignedTicketIds);
        Assert.Empty(status.Offers);
        await Poll.Until(() => _tenant.Queue().GetStatus(), q => q.Waiting.Count == 0, "the accepted ticket leaves the queue");

        var again = await Assert.ThrowsAsync<SwitchboardException>(() => _tenant.Agent("manual").Accept(ticketId));
        Assert.Equal(SwitchboardError.FailedPrecondition, again.Error);
        var twice = await Assert.ThrowsAsync<SwitchboardException>(() => _tenant.Ticket(ticketId).Assign("someone-else"));
        Assert.Equal(SwitchboardError.FailedPrecondition, twice.Error);
        Assert.Equal("manual", (await _tenant.Ticket(ticketId).Get()).AssigneeAgentId);

        // The same agent again (its first call committed, the answer lost with a silo, the call made once more):
        // the ticket answers as it stands and writes nothing.
        var eventsBefore = (await _tenant.Ticket(ticketId).ListEvents(100, 0)).Entries.Count;
        Assert.Equal("manual", (await _tenant.Ticket(ticketId).Assign("manual")).AssigneeAgentId);
        Assert.Equal(eventsBefore, (await _tenant.Ticket(ticketId).ListEvents(100, 0)).Entries.Count);
    }

    [Fact]
    public async Task Auto_accepting_agent_is_assigned_without_answering()
    {
        await _tenant.CreateAgent("auto", autoAccept: true);
        await _tenant.Agent("auto").SetPresence(Presence.Available);

        var ticketId = (await _tenant.Receive("conv-2", "m-1", "Invoice question")).TicketId;

        var status = await Poll.Until(() => _tenant.Agent("auto").GetStatus(), s => s.AssignedTicketIds.Count > 0, "'auto' takes the ticket");
        Assert.Equal([ticketId], status.AssignedTicketIds);
        Assert.Empty(status.Offers);
        Assert.Equal("auto", (await _tenant.Ticket(ticketId).Get()).AssigneeAgentId);
    }

    [Fact]
    public async Task Full_agent_is_skipped_for_one_with_free_capacity()
    {
        await _tenant.CreateAgent("manual", chatCapacity: 1);
        await _tenant.Agent("manual").SetPresence(Presence.Available);
        var first = (await _tenant.Receive("conv-3", "m-1", "first")).TicketId;
        await Poll.Until(() => _tenant.Agent("manual").GetStatus(), s => s.Offers.Count > 0, "'manual' is offered the first ticket");
        await _tenant.CreateAgent("auto", autoAccept: true);
        await _tenant.Agent("auto").SetPresence(Presence.Available);

        var second = (await _tenant.Receive("conv-4", "m-2", "second", sender: "+15550199")).TicketId;

        var auto = await Poll.Until(() => _tenant.Agent("auto").GetStatus(), s => s.AssignedTicketIds.Count > 0, "'auto' takes the second ticket");
        Assert.Equal([second], auto.AssignedTicketIds);
        var manual = await _tenant.Agent("manual").GetStatus();
        Assert.Equal([first], manual.Offers.Select(o => o.TicketId));
        Assert.Empty(manual.AssignedTicketIds);
    }

    [Fact]
    public async Task Ticket_is_never_assigned_twice_even_when_two_agents_take_it_at_once()
    {
        var ticketId = (await _tenant.Receive("conv-5", "m-1", "Help")).TicketId;

        var attempts = await Task.WhenAll(Attempt("one"), Attempt("two"));

        var winner = Assert.Single(attempts, a => a.Error is null);
        var loser = Assert.Single(attempts, a => a.Error is not null);
        Assert.Equal(SwitchboardError.FailedPrecondition, loser.Error!.Error);
        Assert.Equal(winner.Agent, (await _tenant.Ticket(ticketId).Get()).AssigneeAgentId);

        async Task<(string Agent, SwitchboardException? Error)> Attempt(string agentId)
        {
            try
            {
                await _tenant.Ticket(ticketId).Assign(agentId);
                return (agentId, null);
            }
            catch (SwitchboardException e)
            {
                return (agentId, e);
            }
        }
    }

    [Fact]
    public async Task Offer_that_times_out_goes_back_in_line_at_its_original_place()
    {
        var hub = new RecordingHub();
        var reference = fixture.Client.CreateObjectReference<IGatewayHub>(hub);
        await _tenant.CreateAgent("slow", chatCapacity: 1);
        await _tenant.Agent("slow").AttachDesk(reference, "desk-1");
        await _tenant.Agent("slow").SetPresence(Presence.Available);
        var older = (await _tenant.Receive("conv-6", "m-1", "older")).TicketId;
        await Poll.Until(() => Task.FromResult(hub.DeskEventsOf<OfferMade>("desk-1").Count()), n => n == 1, "'slow' is offered the older ticket");
        var newer = (await _tenant.Receive("conv-7", "m-2", "newer", sender: "+15550199")).TicketId;
        var place = (await _tenant.Queue().GetStatus()).Waiting.Single(w => w.Ticket.TicketId == older).Ticket.WaitingSince;

        var withdrawn = (await Poll.Until(
            () => Task.FromResult(hub.DeskEventsOf<OfferWithdrawn>("desk-1").ToArray()), w => w.Length > 0, "the offer times out")).Single();

        Assert.Equal(older, withdrawn.TicketId);
        Assert.Equal("timed out", withdrawn.Reason);
        // Nobody else is free, so the older ticket, still first in line, is offered to 'slow' again.
        await Poll.Until(() => Task.FromResult(hub.DeskEventsOf<OfferMade>("desk-1").Count()), n => n == 2, "the ticket is offered again");
        Assert.Equal([older, older], hub.DeskEventsOf<OfferMade>("desk-1").Select(o => o.Offer.TicketId));
        var queue = await _tenant.Queue().GetStatus();
        Assert.Equal([older, newer], queue.Waiting.Select(w => w.Ticket.TicketId));
        Assert.Equal(place, queue.Waiting[0].Ticket.WaitingSince);
        Assert.Null(queue.Waiting[1].OfferedToAgentId);
        Assert.Null((await _tenant.Ticket(older).Get()).AssigneeAgentId);
        GC.KeepAlive(hub);
    }

    [Fact]
    public async Task Offer_that_times_out_goes_to_another_available_agent()
    {
        // Created first, so idle longest: the first offer goes to 'a-absent', who never answers.
        await _tenant.CreateAgent("a-absent");
        await _tenant.CreateAgent("b-present");
        await _tenant.Agent("a-absent").SetPresence(Presence.Available);
        await _tenant.Agent("b-present").SetPresence(Presence.Available);
        var ticketId = (await _tenant.Receive("conv-8", "m-1", "Anyone?")).TicketId;
        await Poll.Until(() => _tenant.Agent("a-absent").GetStatus(), s => s.Offers.Count > 0, "'a-absent' is offered the ticket first");

        await Poll.Until(() => _tenant.Agent("b-present").GetStatus(), s => s.Offers.Any(o => o.TicketId == ticketId), "the ticket goes to 'b-present' after the timeout");
        var assigned = await _tenant.Agent("b-present").Accept(ticketId);

        Assert.Equal("b-present", assigned.AssigneeAgentId);
        var absent = await _tenant.Agent("a-absent").GetStatus();
        Assert.Empty(absent.Offers);
        Assert.Empty(absent.AssignedTicketIds);
    }
}
