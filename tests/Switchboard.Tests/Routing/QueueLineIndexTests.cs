using Switchboard.Contracts.Routing;
using Switchboard.Contracts.Tickets;
using Switchboard.Silo.Routing;

namespace Switchboard.Tests.Routing;

/// <summary>
/// The line keeps its tickets and agents sorted between matches instead of sorting on every event: these tests check
/// that what it keeps is what a fresh ranking at the same moment gives, as time passes, rules change and offers come
/// and go.
/// </summary>
public sealed class QueueLineIndexTests
{
    private static readonly DateTimeOffset Nine = new(2025, 3, 3, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_priority_escalation_that_falls_due_between_matches_moves_the_ticket_up()
    {
        var raise = new EscalationStep(TimeSpan.FromMinutes(5), EscalationAction.RaisePriority, 2, null);
        var line = new QueueLine(QueueDefinition.Default("default") with { Escalations = [raise] });
        line.Add(Ticket("t-old", Nine));
        line.Add(Ticket("t-high", Nine.AddMinutes(4), priority: 1));

        Assert.Equal(["t-high", "t-old"], line.Snapshot(Nine.AddMinutes(4).AddSeconds(30)).Select(e => e.Ticket.TicketId));
        // At 9:05 t-old's step is due (0 + 2 > 1); at 9:09 t-high's too (1 + 2 > 2).
        Assert.Equal(["t-old", "t-high"], line.Snapshot(Nine.AddMinutes(5)).Select(e => e.Ticket.TicketId));
        line.SetAgent(Agent("a", chat: 1));
        Assert.Equal("t-old", Assert.Single(line.NextOffers(Nine.AddMinutes(5).AddSeconds(1))).Ticket.TicketId);
        Assert.Equal(["t-high", "t-old"], line.Snapshot(Nine.AddMinutes(9)).Select(e => e.Ticket.TicketId));
        // A clock that steps back (another silo's) ranks as of that moment again.
        Assert.Equal(["t-high", "t-old"], line.Snapshot(Nine.AddMinutes(4)).Select(e => e.Ticket.TicketId));
    }

    [Fact]
    public void A_new_skill_requirement_re_ranks_the_agents_already_in_line()
    {
        var line = new QueueLine(Requiring("billing"));
        line.SetAgent(Agent("biller", chat: 1, skills: new() { ["billing"] = 5 }));
        line.SetAgent(Agent("techie", chat: 1, skills: new() { ["tech"] = 4 }, idleSince: Nine.AddMinutes(-10)));
        line.Add(Ticket("t-1", Nine));

        line.Definition = Requiring("tech");

        Assert.Equal(("t-1", "techie"), Single(line.NextOffers(Nine)));
        line.Add(Ticket("t-2", Nine.AddSeconds(1)));
        // The biller meets no requirement now: nothing for it, though it has room.
        Assert.Empty(line.NextOffers(Nine));
        line.Definition = QueueDefinition.Default("default");
        Assert.Equal(("t-2", "biller"), Single(line.NextOffers(Nine)));
    }

    [Fact]
    public void Room_follows_agents_replacing_their_capacity_and_leaving()
    {
        var line = new QueueLine();
        line.SetAgent(Agent("a", chat: 2));
        line.SetAgent(Agent("a", chat: 0));
        line.Add(Ticket("t-1", Nine));
        Assert.Empty(line.NextOffers(Nine));

        line.SetAgent(Agent("b", chat: 1));
        line.RemoveAgent("b");
        Assert.Empty(line.NextOffers(Nine));

        line.SetAgent(Agent("a", chat: 1));
        Assert.Equal(("t-1", "a"), Single(line.NextOffers(Nine)));
        Assert.Equal(1, line.OffersOutstanding);
    }

    [Fact]
    public void Offers_on_their_way_to_an_agent_activation_that_was_lost_go_back_in_line_when_a_new_one_reports()
    {
        var (lost, fresh) = (Guid.NewGuid(), Guid.NewGuid());
        var line = new QueueLine();
        line.SetAgent(Agent("a", chat: 2) with { Incarnation = lost });
        line.Add(Ticket("t-1", Nine));
        line.Add(Ticket("t-2", Nine.AddSeconds(1)));
        Assert.Equal(2, line.NextOffers(Nine).Count);

        // The same activation reporting again (its capacity used up) changes nothing.
        line.SetAgent(Agent("a", chat: 0) with { Incarnation = lost });
        Assert.Equal(2, line.OffersOutstanding);
        // A report that names no activation (an older sender) is taken at its word too.
        line.SetAgent(Agent("a", chat: 0));
        line.SetAgent(Agent("a", chat: 0) with { Incarnation = lost });
        Assert.Equal(2, line.OffersOutstanding);

        line.SetAgent(Agent("a", chat: 2) with { Incarnation = fresh });

        Assert.Equal(0, line.OffersOutstanding);
        Assert.Equal([("t-1", "a"), ("t-2", "a")], line.NextOffers(Nine).Select(o => (o.Ticket.TicketId, o.AgentId)));
    }

    [Fact]
    public void A_capacity_report_overtaken_by_a_later_one_of_the_same_activation_is_dropped()
    {
        var (first, second) = (Guid.NewGuid(), Guid.NewGuid());
        var line = new QueueLine();
        line.Add(Ticket("t-1", Nine));
        // The release's report (free again) came before the accept's (busy), sent earlier but delivered later.
        line.SetAgent(Agent("a", chat: 1) with { Incarnation = first, Version = 7 });
        line.SetAgent(Agent("a", chat: 0) with { Incarnation = first, Version = 6 });
        Assert.Equal(("t-1", "a"), Single(line.NextOffers(Nine)));

        // The offer took the room; a later report of the same activation, sent while the agent held it, replaces what
        // the line reserved.
        line.Add(Ticket("t-2", Nine.AddSeconds(1)));
        Assert.Empty(line.NextOffers(Nine));
        line.SetAgent(Agent("a", chat: 1) with { Incarnation = first, Version = 8, HeldOffers = ["t-1"] });
        Assert.Equal(("t-2", "a"), Single(line.NextOffers(Nine)));

        // A new activation counts from the start again: its first report is taken whatever the number (and the offers
        // on their way to the old one go back in line).
        line.SetAgent(Agent("a", chat: 1) with { Incarnation = second, Version = 1 });
        Assert.Equal(("t-1", "a"), Single(line.NextOffers(Nine)));
    }

    [Fact]
    public void A_report_sent_before_an_offer_reached_the_agent_leaves_the_offers_room_taken()
    {
        var run = Guid.NewGuid();
        var line = new QueueLine();
        line.Add(Ticket("t-1", Nine));
        line.Add(Ticket("t-2", Nine.AddSeconds(1)));
        line.SetAgent(Agent("a", chat: 1) with { Incarnation = run, Version = 1 });
        Assert.Equal(("t-1", "a"), Single(line.NextOffers(Nine)));

        // Sent (say, for a release elsewhere) before the offer of t-1 arrived: the agent still counted that room free.
        line.SetAgent(Agent("a", chat: 1) with { Incarnation = run, Version = 2 });
        Assert.Empty(line.NextOffers(Nine));

        // Holding the offer, the agent lists it: still no room.
        line.SetAgent(Agent("a", chat: 0) with { Incarnation = run, Version = 3, HeldOffers = ["t-1"] });
        Assert.Empty(line.NextOffers(Nine));

        // Accepted, and then a ticket of its own released: one place free again, for t-2.
        line.Settle("t-1", "a", OfferOutcome.Accepted, Nine);
        Assert.Empty(line.NextOffers(Nine));
        line.SetAgent(Agent("a", chat: 1) with { Incarnation = run, Version = 4 });
        Assert.Equal(("t-2", "a"), Single(line.NextOffers(Nine)));
    }

    [Fact]
    public void An_offer_that_ends_untaken_before_the_agent_reported_it_gives_its_room_back()
    {
        var run = Guid.NewGuid();
        var line = new QueueLine();
        line.Add(Ticket("t-1", Nine));
        line.SetAgent(Agent("a", chat: 2) with { Incarnation = run, Version = 1 });
        line.SetAgent(Agent("b", chat: 1) with { Incarnation = run, Version = 1, IdleSince = Nine.AddMinutes(1) });
        Assert.Equal(("t-1", "a"), Single(line.NextOffers(Nine)));
        line.SetAgent(Agent("a", chat: 1) with { Incarnation = run, Version = 2 });

        // The offer is refused without a report (an older sender): the room it took from the last report is free again.
        line.Settle("t-1", "a", OfferOutcome.Refused, Nine);
        line.Add(Ticket("t-2", Nine.AddSeconds(1)));
        Assert.Equal([("t-1", "a"), ("t-2", "b")], line.NextOffers(Nine).Select(o => (o.Ticket.TicketId, o.AgentId)));
    }

    [Fact]
    public void A_leaving_and_a_report_that_overtake_each_other_leave_the_agent_as_the_later_of_them_says()
    {
        var run = Guid.NewGuid();
        var line = new QueueLine();
        line.Add(Ticket("t-1", Nine));

        // Back (8) arrives before the leaving (7) it followed: the agent stays.
        line.SetAgent(Agent("a", chat: 1) with { Incarnation = run, Version = 8 });
        line.RemoveAgent("a", run, 7);
        Assert.Equal(("t-1", "a"), Single(line.NextOffers(Nine)));

        // The leaving (10) arrives before a report (9) sent before it: the agent stays gone.
        line.RemoveAgent("a", run, 10);
        line.Add(Ticket("t-2", Nine.AddSeconds(1)));
        line.SetAgent(Agent("a", chat: 2) with { Incarnation = run, Version = 9 });
        Assert.Empty(line.AvailableAgentIds());
        Assert.Empty(line.NextOffers(Nine));

        // Its next report seats it again (t-1 is still counted as offered to it).
        line.SetAgent(Agent("a", chat: 2) with { Incarnation = run, Version = 11 });
        Assert.Equal(("t-2", "a"), Single(line.NextOffers(Nine)));
    }

    /// <summary>
    /// A seeded random schedule of arrivals, re-arrivals with new facts, offers and their answers, agents coming and
    /// going, escalations falling due and rule changes. After every step the line must equal a fresh ranking of its
    /// tickets at that moment, its counters must match it, and no agent may hold more offers than it said it had room.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(42)]
    public void The_kept_order_and_counts_equal_a_fresh_ranking_after_every_step(int seed)
    {
        var random = new Random(seed);
        var escalations = new EscalationStep[]
        {
            new(TimeSpan.FromSeconds(40), EscalationAction.RaisePriority, 1, null),
            new(TimeSpan.FromSeconds(90), EscalationAction.RaisePriority, 2, null),
            new(TimeSpan.FromSeconds(60), EscalationAction.RelaxSkills, 0, null),
        };
        QueueDefinition Rules() => (random.Next(3) switch
        {
            0 => QueueDefinition.Default("default"),
            1 => Requiring("billing"),
            _ => Requiring("billing") with { Escalations = escalations },
        }) with { Ordering = random.Next(2) == 0 ? QueueOrdering.LongestWaiting : QueueOrdering.NearestSlaBreach };

        var line = new QueueLine(Rules(), TimeSpan.FromSeconds(20));
        var now = Nine;
        var offered = new Dictionary<string, string>();       // ticket -> agent: offers made since the agent's last report
        var held = new Dictionary<string, string>();          // ticket -> agent: offers its last report listed as held
        var room = new Dictionary<string, int>();             // agent -> chat room: its last report, less offers made since

        // An offer made since the agent's last report took room that report counted free: it is free again once the
        // offer ends without the agent taking it (or the ticket leaves the line). One the report listed took none.
        void OfferEnded(string ticket, bool taken)
        {
            if (offered.Remove(ticket, out var agent) && !taken && room.TryGetValue(agent, out var left))
            {
                room[agent] = left + 1;
            }
            held.Remove(ticket);
        }
        var waits = new Dictionary<string, long>();
        var agents = Enumerable.Range(1, 12).Select(i => $"agent-{i:00}").ToArray();
        for (var step = 0; step < 1_500; step++)
        {
            now += TimeSpan.FromSeconds(random.Next(0, 4));
            switch (random.Next(10))
            {
                case 0 or 1 or 2:
                {
                    var id = $"t-{random.Next(60):00}";
                    var sequence = waits.GetValueOrDefault(id) + (random.Next(4) == 0 ? 1 : 0);
                    if (sequence != waits.GetValueOrDefault(id))
                    {
                        // A later wait: the ticket's entry, offer included, leaves the line for a fresh one.
                        OfferEnded(id, taken: false);
                    }
                    waits[id] = sequence;
                    line.Add(Ticket(id, now.AddSeconds(-random.Next(120)), priority: random.Next(-1, 3)) with
                    {
                        WaitSequence = sequence,
                        SlaDueAt = random.Next(3) == 0 ? null : now.AddSeconds(random.Next(600)),
                        Language = random.Next(4) == 0 ? "de" : null,
                        PreferredAgentId = random.Next(6) == 0 ? agents[random.Next(agents.Length)] : null,
                    });
                    break;
                }
                case 3:
                {
                    var agent = agents[random.Next(agents.Length)];
                    room[agent] = random.Next(0, 3);
                    // The agent has seen every offer made to it so far and lists those it holds.
                    foreach (var ticket in offered.Where(o => o.Value == agent).Select(o => o.Key).ToArray())
                    {
                        offered.Remove(ticket);
                        held[ticket] = agent;
                    }
                    line.SetAgent(Agent(agent, room[agent], idleSince: Nine.AddSeconds(random.Next(300)),
                        skills: random.Next(2) == 0 ? new() { ["billing"] = random.Next(1, 6) } : new(),
                        languages: random.Next(3) == 0 ? ["de"] : []) with
                    {
                        HeldOffers = [.. held.Where(h => h.Value == agent).Select(h => h.Key)],
                    });
                    break;
                }
                case 4:
                {
                    var agent = agents[random.Next(agents.Length)];
                    line.RemoveAgent(agent);
                    room.Remove(agent);
                    break;
                }
                case 5 or 6 when offered.Count + held.Count > 0:
                {
                    var all = offered.Concat(held).ToArray();
                    var (ticket, agent) = all[random.Next(all.Length)];
                    var outcome = (OfferOutcome)random.Next(1, 6);
                    line.Settle(ticket, agent, outcome, now, waits[ticket]);
                    OfferEnded(ticket, taken: outcome == OfferOutcome.Accepted);
                    break;
                }
                case 7 when random.Next(10) == 0:
                    line.Definition = Rules();
                    break;
                case 8:
                {
                    var id = $"t-{random.Next(60):00}";
                    line.Remove(id);
                    OfferEnded(id, taken: false);
                    break;
                }
                default:
                {
                    foreach (var offer in line.NextOffers(now))
                    {
                        Assert.True(room.GetValueOrDefault(offer.AgentId) > 0, $"step {step}: {offer.AgentId} was offered {offer.Ticket.TicketId} without room");
                        room[offer.AgentId]--;
                        offered[offer.Ticket.TicketId] = offer.AgentId;
                        Assert.Equal(line.Standing(offer.Ticket, now), offer.Standing);
                    }
                    break;
                }
            }

            var snapshot = line.Snapshot(now);
            var fresh = snapshot.Select(e => line.Standing(e.Ticket, now)).ToArray();
            Assert.True(fresh.Zip(fresh.Skip(1)).All(pair => pair.First < pair.Second), $"step {step}: the line is out of order at {now:T}");
            Assert.Equal(snapshot.Count, line.WaitingCount);
            Assert.Equal(snapshot.Count(e => e.OfferedToAgentId is not null), line.OffersOutstanding);
            Assert.Equal(snapshot.Count == 0 ? null : snapshot.Min(e => e.Ticket.WaitingSince), line.OldestWaitingSince);
            for (var i = 0; i < snapshot.Count; i++)
            {
                Assert.Equal(i + 1, line.PositionOf(snapshot[i].Ticket.TicketId, now)!.Position);
            }
        }
    }

    private static (string TicketId, string AgentId) Single(IReadOnlyList<LineOffer> offers)
    {
        var offer = Assert.Single(offers);
        return (offer.Ticket.TicketId, offer.AgentId);
    }

    private static QueueDefinition Requiring(string skill) =>
        new("default", "Default", new Dictionary<string, int> { [skill] = 1 }, []);

    private static QueuedTicket Ticket(string id, DateTimeOffset waitingSince, int priority = 0) =>
        new(id, "default", ChannelKind.Chat, "c-1", "preview", waitingSince, priority);

    private static AgentCapacity Agent(string id, int chat, DateTimeOffset? idleSince = null,
        Dictionary<string, int>? skills = null, IReadOnlyList<string>? languages = null) =>
        new(id, new Dictionary<ChannelKind, int> { [ChannelKind.Chat] = chat }, idleSince ?? Nine)
        {
            Skills = skills ?? [],
            Languages = languages ?? [],
        };
}
