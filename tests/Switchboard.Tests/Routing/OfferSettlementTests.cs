using Switchboard.Contracts.Routing;
using Switchboard.Contracts.Tickets;
using Switchboard.Silo.Routing;

namespace Switchboard.Tests.Routing;

/// <summary>The two interleavings the randomized run found, pinned on the line itself.</summary>
public sealed class OfferSettlementTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Late_accept_from_an_earlier_wait_does_not_take_the_requeued_ticket_out_of_line()
    {
        var line = new QueueLine();
        line.SetAgent(Agent("ann"));
        line.Add(Chat("t-1", waitSequence: 3));
        Assert.Equal("ann", Assert.Single(line.NextOffers(Now)).AgentId);

        // Ann took it and handed it back (a transfer, or going offline); the new wait reaches the queue before her acceptance.
        line.Add(Chat("t-1", waitSequence: 6));
        line.Settle("t-1", "ann", OfferOutcome.Accepted, Now, waitSequence: 3);

        Assert.Equal(1, line.WaitingCount);
        line.SetAgent(Agent("ann"));
        Assert.Equal(6, Assert.Single(line.NextOffers(Now)).Ticket.WaitSequence);
    }

    [Fact]
    public void Ticket_declined_by_the_only_agent_with_room_is_offered_again_rather_than_left_waiting()
    {
        var line = new QueueLine();
        line.SetAgent(Agent("ann"));
        line.Add(Chat("t-1", waitSequence: 3));
        Assert.Single(line.NextOffers(Now));

        line.Settle("t-1", "ann", OfferOutcome.Declined, Now, waitSequence: 3);
        line.SetAgent(Agent("ann"));
        line.SetAgent(Agent("bob", idleSince: Now));

        Assert.Equal("bob", Assert.Single(line.NextOffers(Now)).AgentId);
        line.Settle("t-1", "bob", OfferOutcome.Declined, Now, waitSequence: 3);
        line.SetAgent(Agent("bob", idleSince: Now));
        Assert.Equal("ann", Assert.Single(line.NextOffers(Now)).AgentId);
    }

    private static QueuedTicket Chat(string ticketId, long waitSequence) =>
        new(ticketId, "default", ChannelKind.Chat, "c-1", "Hello", Now.AddMinutes(-1), 0) { WaitSequence = waitSequence };

    private static AgentCapacity Agent(string agentId, DateTimeOffset? idleSince = null) =>
        new(agentId, new Dictionary<ChannelKind, int> { [ChannelKind.Chat] = 1 }, idleSince ?? Now.AddHours(-1));
}
