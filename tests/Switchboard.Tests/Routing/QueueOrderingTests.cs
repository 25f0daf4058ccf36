using Switchboard.Contracts.Routing;
using Switchboard.Contracts.Tickets;
using Switchboard.Silo.Routing;

namespace Switchboard.Tests.Routing;

public sealed class QueueOrderingTests
{
    private static readonly DateTimeOffset Nine = new(2025, 3, 3, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Sla_ordered_queue_offers_the_nearest_due_first_then_tickets_without_a_due_time_by_age()
    {
        var line = new QueueLine(Queue(QueueOrdering.NearestSlaBreach));
        line.Add(Ticket("t-oldest-no-sla", Nine));
        line.Add(Ticket("t-due-late", Nine.AddMinutes(1), due: Nine.AddHours(4)));
        line.Add(Ticket("t-due-soon", Nine.AddMinutes(5), due: Nine.AddMinutes(30)));
        line.Add(Ticket("t-newer-no-sla", Nine.AddMinutes(6)));
        line.SetAgent(Agent("a", chat: 4));

        Assert.Equal(["t-due-soon", "t-due-late", "t-oldest-no-sla", "t-newer-no-sla"], line.NextOffers(Nine.AddMinutes(10)).Select(o => o.Ticket.TicketId));
    }

    [Fact]
    public void Priority_still_comes_before_the_sla_due_time()
    {
        var line = new QueueLine(Queue(QueueOrdering.NearestSlaBreach));
        line.Add(Ticket("t-due-soon", Nine, due: Nine.AddMinutes(5)));
        line.Add(Ticket("t-urgent-no-sla", Nine.AddMinutes(1), priority: 2));
        line.SetAgent(Agent("a", chat: 1));

        Assert.Equal("t-urgent-no-sla", Assert.Single(line.NextOffers(Nine.AddMinutes(2))).Ticket.TicketId);
    }

    [Fact]
    public void Longest_waiting_queue_ignores_sla_due_times()
    {
        var line = new QueueLine(Queue(QueueOrdering.LongestWaiting));
        line.Add(Ticket("t-old", Nine, due: Nine.AddHours(8)));
        line.Add(Ticket("t-due-soon", Nine.AddMinutes(1), due: Nine.AddMinutes(2)));
        line.SetAgent(Agent("a", chat: 1));

        Assert.Equal("t-old", Assert.Single(line.NextOffers(Nine.AddMinutes(2))).Ticket.TicketId);
    }

    [Fact]
    public void Switching_the_ordering_reorders_the_line_in_place()
    {
        var line = new QueueLine(Queue(QueueOrdering.LongestWaiting));
        line.Add(Ticket("t-old", Nine, due: Nine.AddHours(8)));
        line.Add(Ticket("t-due-soon", Nine.AddMinutes(1), due: Nine.AddMinutes(20)));
        Assert.Equal(1, line.PositionOf("t-old", Nine.AddMinutes(2))!.Position);

        line.Definition = Queue(QueueOrdering.NearestSlaBreach);

        Assert.Equal(["t-due-soon", "t-old"], line.Snapshot(Nine.AddMinutes(2)).Select(e => e.Ticket.TicketId));
        Assert.Equal(2, line.PositionOf("t-old", Nine.AddMinutes(2))!.Position);
    }

    [Fact]
    public void Standing_ranks_priority_then_due_time_then_age_then_id()
    {
        var dueSoon = new LineStanding(1, Nine.AddMinutes(5), Nine.AddMinutes(3), "b");
        var dueLater = new LineStanding(1, Nine.AddMinutes(9), Nine, "a");
        var noDue = new LineStanding(1, null, Nine.AddMinutes(-30), "a");
        var urgent = new LineStanding(2, null, Nine.AddMinutes(10), "z");

        Assert.True(urgent < dueSoon);
        Assert.True(dueSoon < dueLater);
        Assert.True(dueLater < noDue);
        Assert.True(new LineStanding(1, null, Nine, "a") < new LineStanding(1, null, Nine, "b"));
        Assert.Equal(0, dueSoon.CompareTo(dueSoon with { }));
    }

    private static QueueDefinition Queue(QueueOrdering ordering) => QueueDefinition.Default("default") with { Ordering = ordering };

    private static QueuedTicket Ticket(string id, DateTimeOffset waitingSince, int priority = 0, DateTimeOffset? due = null) =>
        new(id, "default", ChannelKind.Chat, "c-1", "preview", waitingSince, priority) { SlaDueAt = due };

    private static AgentCapacity Agent(string id, int chat) => new(id, new Dictionary<ChannelKind, int> { [ChannelKind.Chat] = chat }, Nine);
}
