using Switchboard.Contracts.Routing;
using Switchboard.Contracts.Tickets;
using Switchboard.Silo.Routing;

namespace Switchboard.Tests.Routing;

/// <summary>How a line answers an agent that asks for better work than another queue offered it.</summary>
public sealed class QueueClaimTests
{
    private static readonly DateTimeOffset Nine = new(2025, 3, 3, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Claim_without_a_bar_sets_aside_the_first_ticket_the_agent_can_take()
    {
        var line = new QueueLine();
        line.Add(Ticket("t-voice", Nine, channel: ChannelKind.Voice));
        line.Add(Ticket("t-chat", Nine.AddMinutes(1)));

        var claimed = line.Claim(Agent("a", chat: 1), bar: null, held: [], Nine.AddMinutes(2));

        Assert.Equal("t-chat", claimed?.Ticket.TicketId);
        Assert.False(claimed!.AlreadyOffered);
        Assert.Equal("a", line.Snapshot(Nine).Single(e => e.Ticket.TicketId == "t-chat").OfferedToAgentId);
        line.SetAgent(Agent("b", chat: 1));
        Assert.DoesNotContain(line.NextOffers(Nine.AddMinutes(2)), o => o.Ticket.TicketId == "t-chat");
    }

    [Fact]
    public void Claim_returns_nothing_that_does_not_stand_before_the_bar()
    {
        var line = new QueueLine();
        line.Add(Ticket("t-1", Nine.AddMinutes(5)));
        var bar = new LineStanding(0, null, Nine, "other");

        Assert.Null(line.Claim(Agent("a", chat: 1), bar, [], Nine.AddMinutes(6)));
        Assert.Null(Assert.Single(line.Snapshot(Nine)).OfferedToAgentId);

        var lowerBar = new LineStanding(0, null, Nine.AddMinutes(9), "other");
        Assert.Equal("t-1", line.Claim(Agent("a", chat: 1), lowerBar, [], Nine.AddMinutes(6))?.Ticket.TicketId);
    }

    [Fact]
    public void Claim_reports_an_offer_already_on_its_way_to_the_agent_unless_it_holds_it()
    {
        var line = new QueueLine();
        line.Add(Ticket("t-1", Nine));
        line.SetAgent(Agent("a", chat: 2));
        Assert.Equal("a", Assert.Single(line.NextOffers(Nine)).AgentId);

        var claimed = line.Claim(Agent("a", chat: 2), null, [], Nine);
        Assert.Equal("t-1", claimed?.Ticket.TicketId);
        Assert.True(claimed!.AlreadyOffered);

        Assert.Null(line.Claim(Agent("a", chat: 2), null, ["t-1"], Nine));
    }

    [Fact]
    public void Claim_leaves_tickets_held_for_someone_else_or_declined_by_the_agent()
    {
        var line = new QueueLine(null, preferredAgentWait: TimeSpan.FromMinutes(1));
        line.Add(Ticket("t-named", Nine) with { TargetAgentId = "specialist" });
        line.Add(Ticket("t-preferred", Nine.AddSeconds(1)) with { PreferredAgentId = "favourite" });
        line.Add(Ticket("t-declined", Nine.AddSeconds(2)));
        line.Add(Ticket("t-offered-elsewhere", Nine.AddSeconds(3)));
        line.SetAgent(Agent("a", chat: 1));
        Assert.Equal(("t-declined", "a"), Pair(line.NextOffers(Nine.AddSeconds(10))));
        line.Settle("t-declined", "a", OfferOutcome.Declined);
        line.RemoveAgent("a");
        line.SetAgent(Agent("b", chat: 2));
        Assert.Equal([("t-declined", "b"), ("t-offered-elsewhere", "b")], line.NextOffers(Nine.AddSeconds(10)).Select(o => (o.Ticket.TicketId, o.AgentId)));
        line.Settle("t-declined", "b", OfferOutcome.Refused);

        Assert.Null(line.Claim(Agent("a", chat: 3), null, [], Nine.AddSeconds(10)));

        // Once the customer's last agent has had its time, anyone may claim the ticket.
        Assert.Equal("t-preferred", line.Claim(Agent("a", chat: 3), null, [], Nine.AddMinutes(2))?.Ticket.TicketId);
    }

    [Fact]
    public void Claim_respects_the_capacity_it_is_given()
    {
        var line = new QueueLine();
        line.Add(Ticket("t-1", Nine));

        Assert.Null(line.Claim(Agent("a", chat: 0), null, [], Nine));
    }

    private static (string, string) Pair(IReadOnlyList<LineOffer> offers)
    {
        var offer = Assert.Single(offers);
        return (offer.Ticket.TicketId, offer.AgentId);
    }

    private static QueuedTicket Ticket(string id, DateTimeOffset waitingSince, ChannelKind channel = ChannelKind.Chat) =>
        new(id, "default", channel, "c-1", "preview", waitingSince, 0);

    private static AgentCapacity Agent(string id, int chat) => new(id, new Dictionary<ChannelKind, int> { [ChannelKind.Chat] = chat }, Nine);
}
