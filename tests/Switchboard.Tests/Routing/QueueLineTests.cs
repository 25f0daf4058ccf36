using Switchboard.Contracts.Routing;
using Switchboard.Contracts.Tickets;
using Switchboard.Silo.Routing;

namespace Switchboard.Tests.Routing;

public sealed class QueueLineTests
{
    private static readonly DateTimeOffset Nine = new(2025, 3, 3, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Higher_priority_is_offered_first_then_the_longest_waiting()
    {
        var line = new QueueLine();
        line.Add(Ticket("t-late", waitingSince: Nine.AddMinutes(5)));
        line.Add(Ticket("t-early", waitingSince: Nine));
        line.Add(Ticket("t-urgent", waitingSince: Nine.AddMinutes(9), priority: 2));
        line.SetAgent(Agent("a", chat: 3));

        var offers = line.NextOffers();

        Assert.Equal(["t-urgent", "t-early", "t-late"], offers.Select(o => o.Ticket.TicketId));
        Assert.Equal(["t-urgent", "t-early", "t-late"], line.Snapshot().Select(e => e.Ticket.TicketId));
    }

    [Fact]
    public void Longest_idle_agent_gets_the_first_offer()
    {
        var line = new QueueLine();
        line.SetAgent(Agent("busy-lately", chat: 1, idleSince: Nine.AddMinutes(10)));
        line.SetAgent(Agent("idle-longest", chat: 1, idleSince: Nine));
        line.Add(Ticket("t-1"));
        line.Add(Ticket("t-2", waitingSince: Nine.AddSeconds(1)));

        var offers = line.NextOffers();

        Assert.Equal([("t-1", "idle-longest"), ("t-2", "busy-lately")], offers.Select(o => (o.Ticket.TicketId, o.AgentId)));
    }

    [Fact]
    public void Agents_with_room_for_several_get_one_ticket_each_before_anyone_gets_a_second()
    {
        var line = new QueueLine();
        line.SetAgent(Agent("a", chat: 3, idleSince: Nine));
        line.SetAgent(Agent("b", chat: 3, idleSince: Nine.AddMinutes(1)));
        line.SetAgent(Agent("c", chat: 3, idleSince: Nine.AddMinutes(2)));
        for (var i = 1; i <= 4; i++)
        {
            line.Add(Ticket($"t-{i}", waitingSince: Nine.AddSeconds(i)));
        }

        // An offer counts as the agent's latest work: the longest idle is then the next agent, not the same one again.
        var offers = line.NextOffers(Nine.AddMinutes(5));

        Assert.Equal([("t-1", "a"), ("t-2", "b"), ("t-3", "c"), ("t-4", "a")], offers.Select(o => (o.Ticket.TicketId, o.AgentId)));
    }

    [Fact]
    public void Capacity_is_reserved_as_offers_go_out_and_never_exceeded()
    {
        var line = new QueueLine();
        line.SetAgent(Agent("a", chat: 2));
        for (var i = 0; i < 4; i++)
        {
            line.Add(Ticket($"t-{i}", waitingSince: Nine.AddSeconds(i)));
        }

        var first = line.NextOffers();
        var second = line.NextOffers();

        Assert.Equal(["t-0", "t-1"], first.Select(o => o.Ticket.TicketId));
        Assert.Empty(second);
        Assert.Equal(["a", "a", null, null], line.Snapshot().Select(e => e.OfferedToAgentId));
    }

    [Fact]
    public void Capacity_counts_per_channel()
    {
        var line = new QueueLine();
        line.SetAgent(Agent("chat-only", chat: 1));
        line.Add(Ticket("t-email", channel: ChannelKind.Email));
        line.Add(Ticket("t-chat", waitingSince: Nine.AddSeconds(1)));

        var offers = line.NextOffers();

        Assert.Equal([("t-chat", "chat-only")], offers.Select(o => (o.Ticket.TicketId, o.AgentId)));
        Assert.Null(line.Snapshot().Single(e => e.Ticket.TicketId == "t-email").OfferedToAgentId);
    }

    [Fact]
    public void Declined_ticket_goes_to_the_next_agent_and_back_to_the_one_who_declined_only_when_nobody_else_can()
    {
        var line = new QueueLine();
        line.SetAgent(Agent("first", chat: 1, idleSince: Nine));
        line.SetAgent(Agent("second", chat: 1, idleSince: Nine.AddHours(1)));
        line.Add(Ticket("t-1"));
        Assert.Equal("first", Assert.Single(line.NextOffers()).AgentId);

        line.Settle("t-1", "first", OfferOutcome.Declined);
        line.SetAgent(Agent("first", chat: 1, idleSince: Nine));
        Assert.Equal(("t-1", "second"), Single(line.NextOffers()));

        line.Settle("t-1", "second", OfferOutcome.Declined);
        line.SetAgent(Agent("second", chat: 0, idleSince: Nine.AddHours(1)));
        // Work conservation: with nobody else free, the agent who declined is asked again rather than the ticket waiting.
        Assert.Equal(("t-1", "first"), Single(line.NextOffers()));
    }

    [Fact]
    public void Timed_out_ticket_keeps_its_original_place_in_line()
    {
        var line = new QueueLine();
        line.SetAgent(Agent("a", chat: 1));
        line.Add(Ticket("t-old", waitingSince: Nine));
        Assert.Equal("t-old", Assert.Single(line.NextOffers()).Ticket.TicketId);
        line.Add(Ticket("t-new", waitingSince: Nine.AddMinutes(1)));

        line.Settle("t-old", "a", OfferOutcome.TimedOut);

        var waiting = line.Snapshot();
        Assert.Equal(["t-old", "t-new"], waiting.Select(e => e.Ticket.TicketId));
        Assert.Equal(Nine, waiting[0].Ticket.WaitingSince);
        Assert.All(waiting, e => Assert.Null(e.OfferedToAgentId));
    }

    [Fact]
    public void Timed_out_ticket_goes_to_another_free_agent_before_the_one_who_missed_it()
    {
        var line = new QueueLine();
        line.SetAgent(Agent("missed", chat: 1, idleSince: Nine));
        line.SetAgent(Agent("other", chat: 1, idleSince: Nine.AddMinutes(5)));
        line.Add(Ticket("t-1"));
        Assert.Equal(("t-1", "missed"), Single(line.NextOffers()));

        line.SetAgent(Agent("missed", chat: 1, idleSince: Nine));
        line.Settle("t-1", "missed", OfferOutcome.TimedOut);

        Assert.Equal(("t-1", "other"), Single(line.NextOffers()));
    }

    [Fact]
    public void Timed_out_ticket_is_offered_again_to_the_same_agent_when_nobody_else_is_free()
    {
        var line = new QueueLine();
        line.SetAgent(Agent("alone", chat: 1));
        line.Add(Ticket("t-1"));
        Single(line.NextOffers());

        // As the agent grain does: report the freed capacity, then settle.
        line.SetAgent(Agent("alone", chat: 1));
        line.Settle("t-1", "alone", OfferOutcome.TimedOut);

        Assert.Equal(("t-1", "alone"), Single(line.NextOffers()));
    }

    [Theory]
    [InlineData(OfferOutcome.Accepted)]
    [InlineData(OfferOutcome.Gone)]
    public void Accepted_or_gone_ticket_leaves_the_line(OfferOutcome outcome)
    {
        var line = new QueueLine();
        line.SetAgent(Agent("a", chat: 3));
        line.Add(Ticket("t-1"));
        line.Add(Ticket("t-2", waitingSince: Nine.AddSeconds(1)));
        line.NextOffers();

        line.Settle("t-1", "a", outcome);

        Assert.Equal(["t-2"], line.Snapshot().Select(e => e.Ticket.TicketId));
        Assert.Equal(1, line.WaitingCount);
    }

    [Fact]
    public void Refused_ticket_stays_in_line_to_be_offered_again()
    {
        var line = new QueueLine();
        line.SetAgent(Agent("a", chat: 1));
        line.Add(Ticket("t-1"));
        line.NextOffers();

        line.Settle("t-1", "a", OfferOutcome.Refused);
        line.SetAgent(Agent("a", chat: 1));

        Assert.Equal(("t-1", "a"), Single(line.NextOffers()));
    }

    [Fact]
    public void Refusal_from_an_agent_who_does_not_hold_the_offer_is_ignored()
    {
        var line = new QueueLine();
        line.SetAgent(Agent("holder", chat: 1));
        line.Add(Ticket("t-1"));
        line.NextOffers();

        line.Settle("t-1", "stranger", OfferOutcome.Refused);

        var entry = Assert.Single(line.Snapshot());
        Assert.Equal("holder", entry.OfferedToAgentId);
    }

    [Fact]
    public void Gone_agent_gets_no_more_offers()
    {
        var line = new QueueLine();
        line.SetAgent(Agent("a", chat: 3));
        line.RemoveAgent("a");
        line.Add(Ticket("t-1"));

        Assert.Empty(line.NextOffers());
        Assert.Empty(line.AvailableAgentIds());
    }

    [Fact]
    public void Adding_a_waiting_ticket_again_keeps_its_offer()
    {
        var line = new QueueLine();
        line.SetAgent(Agent("a", chat: 3));
        line.Add(Ticket("t-1"));
        line.NextOffers();

        line.Add(Ticket("t-1"));

        Assert.Empty(line.NextOffers());
        Assert.Equal("a", Assert.Single(line.Snapshot()).OfferedToAgentId);
    }

    [Fact]
    public void The_same_wait_heard_again_takes_new_facts_and_keeps_its_offer()
    {
        var line = new QueueLine();
        line.SetAgent(Agent("a", chat: 1));
        line.Add(Ticket("t-1") with { WaitSequence = 3 });
        Assert.Equal([("t-1", "a")], line.NextOffers(Nine).Select(o => (o.Ticket.TicketId, o.AgentId)));

        line.Add(Ticket("t-1", priority: 2) with { WaitSequence = 3 });

        var entry = Assert.Single(line.Snapshot(Nine));
        Assert.Equal(("a", 2), (entry.OfferedToAgentId, entry.Ticket.Priority));
        Assert.NotNull(line.Settle("t-1", "a", OfferOutcome.Accepted, Nine, waitSequence: 3));
        Assert.Equal(0, line.WaitingCount);
    }

    [Fact]
    public void A_later_wait_starts_afresh_and_an_earlier_one_heard_late_changes_nothing()
    {
        var line = new QueueLine();
        line.SetAgent(Agent("a", chat: 1));
        line.Add(Ticket("t-1") with { WaitSequence = 3 });
        line.NextOffers(Nine);

        line.Add(Ticket("t-1") with { WaitSequence = 9 });
        line.Add(Ticket("t-1", priority: 5) with { WaitSequence = 3 });

        var entry = Assert.Single(line.Snapshot(Nine));
        Assert.Equal((null, 0, 9L), (entry.OfferedToAgentId, entry.Ticket.Priority, entry.Ticket.WaitSequence));
        Assert.Null(line.Settle("t-1", "a", OfferOutcome.Accepted, Nine, waitSequence: 3));
        Assert.Equal(1, line.WaitingCount);
    }

    [Fact]
    public void Tickets_the_store_no_longer_lists_leave_the_line_and_an_offered_one_only_at_the_second_check()
    {
        var line = new QueueLine();
        line.SetAgent(Agent("a", chat: 1));
        line.Add(Ticket("t-offered"));
        line.Add(Ticket("t-idle", waitingSince: Nine.AddSeconds(1)));
        line.Add(Ticket("t-kept", waitingSince: Nine.AddSeconds(2)));
        Assert.Equal([("t-offered", "a")], line.NextOffers(Nine).Select(o => (o.Ticket.TicketId, o.AgentId)));
        var stillWaiting = new HashSet<string>(["t-kept"]);

        Assert.Equal(["t-idle"], line.DropAllBut(stillWaiting));
        Assert.Equal(["t-offered", "t-kept"], line.Snapshot(Nine).Select(e => e.Ticket.TicketId));
        Assert.Equal(["t-offered"], line.DropAllBut(stillWaiting));
        Assert.Equal(["t-kept"], line.Snapshot(Nine).Select(e => e.Ticket.TicketId));
    }

    [Fact]
    public void Tickets_nobody_here_qualifies_for_do_not_hold_up_later_ones_of_another_kind()
    {
        var line = new QueueLine();
        line.SetAgent(new AgentCapacity("anna", new Dictionary<ChannelKind, int> { [ChannelKind.Chat] = 2 }, Nine) { Languages = ["en"] });
        line.Add(Ticket("t-de-1") with { Language = "de" });
        line.Add(Ticket("t-mail", waitingSince: Nine.AddSeconds(1), channel: ChannelKind.Email));
        line.Add(Ticket("t-de-2", waitingSince: Nine.AddSeconds(2)) with { Language = "DE" });
        line.Add(Ticket("t-en", waitingSince: Nine.AddSeconds(3)) with { Language = "EN" });
        line.Add(Ticket("t-any", waitingSince: Nine.AddSeconds(4)));

        var offers = line.NextOffers(Nine);

        Assert.Equal([("t-en", "anna"), ("t-any", "anna")], offers.Select(o => (o.Ticket.TicketId, o.AgentId)));
    }

    private static (string TicketId, string AgentId) Single(IReadOnlyList<LineOffer> offers)
    {
        var offer = Assert.Single(offers);
        return (offer.Ticket.TicketId, offer.AgentId);
    }

    private static QueuedTicket Ticket(string id, DateTimeOffset? waitingSince = null, int priority = 0, ChannelKind channel = ChannelKind.Chat) =>
        new(id, "default", channel, "c-1", "preview", waitingSince ?? Nine, priority);

    private static AgentCapacity Agent(string id, int chat, DateTimeOffset? idleSince = null) =>
        new(id, new Dictionary<ChannelKind, int> { [ChannelKind.Chat] = chat }, idleSince ?? Nine);
}
