using Switchboard.Contracts.Tickets;
using Switchboard.Silo.Tickets.Events;
using Switchboard.Silo.Tickets.Sla;

namespace Switchboard.Tests.Tickets;

/// <summary>The SLA clock at explicit instants: no cluster, no waiting.</summary>
public sealed class SlaClockTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void First_reply_and_resolution_run_from_creation_and_a_reply_fulfils_the_first()
    {
        var clock = Opened(new SlaPolicyApplied(T0, "p", FirstReply: TimeSpan.FromHours(1), Resolution: TimeSpan.FromHours(8)));

        var before = clock.Evaluate(T0.AddMinutes(20));
        Assert.Equal(T0.AddHours(1), Target(before, SlaMetric.FirstReply).DueAt);
        Assert.Equal(TimeSpan.FromMinutes(20), Target(before, SlaMetric.FirstReply).Elapsed);
        Assert.Equal(T0.AddHours(8), Target(before, SlaMetric.Resolution).DueAt);

        clock.Observe(new AgentReplied(T0.AddMinutes(45), "alice", "hi"), TicketStatus.Open);

        var first = Target(clock.Evaluate(T0.AddHours(3)), SlaMetric.FirstReply);
        Assert.Equal((null, T0.AddMinutes(45), TimeSpan.FromMinutes(45), false), (first.DueAt, first.FulfilledAt, first.Elapsed, first.Breached));
    }

    [Fact]
    public void Pending_and_on_hold_pause_every_running_clock()
    {
        var clock = Opened(new SlaPolicyApplied(T0, "p", FirstReply: TimeSpan.FromHours(1), Resolution: TimeSpan.FromHours(8)));
        clock.Observe(Status(T0.AddMinutes(10), TicketStatus.Pending), TicketStatus.Pending);

        var paused = Target(clock.Evaluate(T0.AddHours(5)), SlaMetric.FirstReply);
        Assert.Equal((null, true, TimeSpan.FromMinutes(10), false), (paused.DueAt, paused.Paused, paused.Elapsed, paused.Breached));
        Assert.Null(clock.NextAlarm());

        clock.Observe(Status(T0.AddMinutes(30), TicketStatus.OnHold), TicketStatus.OnHold);
        clock.Observe(Status(T0.AddMinutes(40), TicketStatus.Open), TicketStatus.Open);

        var resumed = clock.Evaluate(T0.AddMinutes(40));
        Assert.Equal(T0.AddMinutes(90), Target(resumed, SlaMetric.FirstReply).DueAt);
        Assert.Equal(T0.AddHours(8).AddMinutes(30), Target(resumed, SlaMetric.Resolution).DueAt);
    }

    [Fact]
    public void Next_reply_starts_with_a_customer_message_after_an_agent_reply_and_each_reply_ends_a_cycle()
    {
        var clock = Opened(new SlaPolicyApplied(T0, "p", NextReply: TimeSpan.FromMinutes(30)));
        clock.Observe(new CustomerMessageReceived(T0.AddMinutes(1), "m-2", "more", T0), TicketStatus.Open);
        Assert.Null(Target(clock.Evaluate(T0.AddMinutes(1)), SlaMetric.NextReply).DueAt);

        clock.Observe(new AgentReplied(T0.AddMinutes(5), "alice", "hi"), TicketStatus.Open);
        clock.Observe(new CustomerMessageReceived(T0.AddMinutes(10), "m-3", "thanks, but", T0), TicketStatus.Open);
        Assert.Equal(T0.AddMinutes(40), Target(clock.Evaluate(T0.AddMinutes(10)), SlaMetric.NextReply).DueAt);

        clock.Observe(new SlaBreached(T0.AddMinutes(40), SlaMetric.NextReply, T0.AddMinutes(40)), TicketStatus.Open);
        clock.Observe(new MacroApplied(T0.AddMinutes(50), "alice", "sorry", new TicketChanges(), "Sorry for the wait"), TicketStatus.Open);
        clock.Observe(new CustomerMessageReceived(T0.AddMinutes(60), "m-4", "ok", T0), TicketStatus.Open);

        var cycle = Target(clock.Evaluate(T0.AddMinutes(61)), SlaMetric.NextReply);
        Assert.Equal((T0.AddMinutes(90), false), (cycle.DueAt, cycle.Breached));
    }

    [Fact]
    public void Resolution_stops_at_a_solve_and_continues_after_a_reopen()
    {
        var clock = Opened(new SlaPolicyApplied(T0, "p", Resolution: TimeSpan.FromHours(4)));
        clock.Observe(new TicketSolved(T0.AddHours(1), "alice"), TicketStatus.Solved);
        Assert.Null(Target(clock.Evaluate(T0.AddHours(2)), SlaMetric.Resolution).DueAt);

        clock.Observe(new TicketReopened(T0.AddHours(10)), TicketStatus.Open);

        var reopened = Target(clock.Evaluate(T0.AddHours(10)), SlaMetric.Resolution);
        Assert.Equal((T0.AddHours(13), TimeSpan.FromHours(1)), (reopened.DueAt, reopened.Elapsed));
    }

    [Fact]
    public void Warning_then_breach_fall_due_once_each()
    {
        var clock = Opened(new SlaPolicyApplied(T0, "p", FirstReply: TimeSpan.FromHours(1), WarnBefore: TimeSpan.FromMinutes(15)));
        Assert.Equal(T0.AddMinutes(45), clock.NextAlarm());
        Assert.Empty(clock.Due(T0.AddMinutes(44)));

        var warning = Assert.Single(clock.Due(T0.AddMinutes(45)));
        Assert.Equal(new SlaAlarm(SlaMetric.FirstReply, T0.AddHours(1), Breach: false), warning);
        clock.Observe(new SlaWarned(T0.AddMinutes(45), SlaMetric.FirstReply, T0.AddHours(1)), TicketStatus.Open);
        Assert.Equal(T0.AddHours(1), clock.NextAlarm());
        Assert.Empty(clock.Due(T0.AddMinutes(50)));

        var breach = Assert.Single(clock.Due(T0.AddHours(1)));
        Assert.True(breach.Breach);
        clock.Observe(new SlaBreached(T0.AddHours(1), SlaMetric.FirstReply, T0.AddHours(1)), TicketStatus.Open);
        Assert.Null(clock.NextAlarm());
        Assert.Empty(clock.Due(T0.AddHours(2)));
        Assert.True(Target(clock.Evaluate(T0.AddHours(2)), SlaMetric.FirstReply).Breached);
    }

    [Fact]
    public void Policy_applied_later_measures_from_creation_and_no_policy_means_no_targets()
    {
        var clock = new SlaClock();
        clock.Observe(new TicketOpened(T0, "webchat", ChannelKind.Chat, "conv", "c-1", "addr", null), TicketStatus.New);
        Assert.Empty(clock.Evaluate(T0));
        Assert.True(clock.Holds(null));

        clock.Observe(new SlaPolicyApplied(T0.AddMinutes(30), "urgent", FirstReply: TimeSpan.FromHours(1)), TicketStatus.New);

        Assert.Equal(T0.AddHours(1), Target(clock.Evaluate(T0.AddMinutes(30)), SlaMetric.FirstReply).DueAt);
        Assert.True(clock.Holds(new SlaPolicy("urgent", "Urgent", [], [], [], TimeSpan.FromHours(1), null, null, TimeSpan.Zero, null)));
        Assert.False(clock.Holds(new SlaPolicy("urgent", "Urgent", [], [], [], TimeSpan.FromHours(2), null, null, TimeSpan.Zero, null)));
    }

    [Fact]
    public void Business_hours_count_only_open_time_and_due_times_skip_the_weekend()
    {
        var saturday = new DateTimeOffset(2026, 3, 7, 10, 0, 0, Cet);
        var clock = Opened(new SlaPolicyApplied(saturday, "office", FirstReply: TimeSpan.FromHours(1), BusinessHours: BusinessCalendarTests.WeekdaysNineToFive()), saturday);

        var sunday = Target(clock.Evaluate(saturday.AddDays(1)), SlaMetric.FirstReply);
        Assert.Equal((TimeSpan.Zero, new DateTimeOffset(2026, 3, 9, 10, 0, 0, Cet), false), (sunday.Elapsed, sunday.DueAt, sunday.Breached));
        var monday = Target(clock.Evaluate(new DateTimeOffset(2026, 3, 9, 9, 45, 0, Cet)), SlaMetric.FirstReply);
        Assert.Equal(TimeSpan.FromMinutes(45), monday.Elapsed);
        Assert.Equal(new DateTimeOffset(2026, 3, 9, 10, 0, 0, Cet), clock.NextAlarm());
    }

    [Fact]
    public void A_pause_over_closed_hours_keeps_only_the_open_time_already_counted()
    {
        var friday = new DateTimeOffset(2026, 3, 6, 16, 0, 0, Cet);
        var clock = Opened(new SlaPolicyApplied(friday, "office", Resolution: TimeSpan.FromHours(2), BusinessHours: BusinessCalendarTests.WeekdaysNineToFive()), friday);
        clock.Observe(Status(friday.AddMinutes(30), TicketStatus.Pending), TicketStatus.Pending);
        var mondayTen = new DateTimeOffset(2026, 3, 9, 10, 0, 0, Cet);
        clock.Observe(Status(mondayTen, TicketStatus.Open), TicketStatus.Open);

        var resumed = Target(clock.Evaluate(mondayTen), SlaMetric.Resolution);
        Assert.Equal((TimeSpan.FromMinutes(30), mondayTen.AddMinutes(90)), (resumed.Elapsed, resumed.DueAt));
    }

    [Fact]
    public void The_warning_comes_when_the_open_time_left_is_the_warning_time()
    {
        var friday = new DateTimeOffset(2026, 3, 6, 16, 30, 0, Cet);
        var mondayDue = new DateTimeOffset(2026, 3, 9, 9, 30, 0, Cet);
        var clock = Opened(new SlaPolicyApplied(friday, "office", FirstReply: TimeSpan.FromHours(1), WarnBefore: TimeSpan.FromMinutes(30),
            BusinessHours: BusinessCalendarTests.WeekdaysNineToFive()), friday);

        Assert.Equal(friday.AddMinutes(30), clock.NextAlarm());
        Assert.Equal(new SlaAlarm(SlaMetric.FirstReply, mondayDue, Breach: false), Assert.Single(clock.Due(friday.AddMinutes(30))));
        clock.Observe(new SlaWarned(friday.AddMinutes(30), SlaMetric.FirstReply, mondayDue), TicketStatus.Open);

        Assert.Equal(mondayDue, clock.NextAlarm());
        Assert.Empty(clock.Due(mondayDue.AddMinutes(-1)));
        Assert.True(Assert.Single(clock.Due(mondayDue)).Breach);
    }

    [Fact]
    public void Other_business_hours_make_another_policy()
    {
        var hours = BusinessCalendarTests.WeekdaysNineToFive();
        var clock = Opened(new SlaPolicyApplied(T0, "office", FirstReply: TimeSpan.FromHours(1), BusinessHours: hours));

        Assert.True(clock.Holds(new SlaPolicy("office", "Office", [], [], [], TimeSpan.FromHours(1), null, null, TimeSpan.Zero, null,
            BusinessCalendarTests.WeekdaysNineToFive())));
        Assert.False(clock.Holds(new SlaPolicy("office", "Office", [], [], [], TimeSpan.FromHours(1), null, null, TimeSpan.Zero, null)));
        Assert.False(clock.Holds(new SlaPolicy("office", "Office", [], [], [], TimeSpan.FromHours(1), null, null, TimeSpan.Zero, null,
            hours with { Holidays = [new DateOnly(2026, 12, 25)] })));
    }

    [Fact]
    public void Policy_naming_brands_matches_only_tickets_of_those_brands()
    {
        var acme = new SlaPolicy("acme", "Acme", [], [], [], TimeSpan.FromHours(1), null, null, TimeSpan.Zero, null, Brands: ["acme"]);
        var savedBeforeBrands = acme with { Brands = null };

        Assert.True(acme.Matches(TicketPriority.Normal, "default", ChannelKind.Chat, "acme"));
        Assert.False(acme.Matches(TicketPriority.Normal, "default", ChannelKind.Chat, "globex"));
        Assert.False(acme.Matches(TicketPriority.Normal, "default", ChannelKind.Chat, null));
        Assert.True(savedBeforeBrands.Matches(TicketPriority.Normal, "default", ChannelKind.Chat, null));
    }

    [Fact]
    public void Earliest_due_is_the_least_due_time_of_the_targets_through_a_ticket_life()
    {
        var clock = new SlaClock();
        clock.Observe(new TicketOpened(T0, "webchat", ChannelKind.Chat, "conv", "c-1", "addr", null), TicketStatus.New);
        Assert.Null(clock.EarliestDue());

        clock.Observe(new SlaPolicyApplied(T0, "p", FirstReply: TimeSpan.FromHours(1), NextReply: TimeSpan.FromMinutes(20),
            Resolution: TimeSpan.FromMinutes(50)), TicketStatus.New);
        Assert.Equal(T0.AddMinutes(50), clock.EarliestDue());

        // The reply ends first reply; the customer's answer starts next reply, now the earliest.
        clock.Observe(new AgentReplied(T0.AddMinutes(5), "alice", "hi"), TicketStatus.Open);
        clock.Observe(new CustomerMessageReceived(T0.AddMinutes(10), "m-2", "thanks, but", T0), TicketStatus.Open);
        Assert.Equal(T0.AddMinutes(30), clock.EarliestDue());
        // Due times do not depend on the instant asked: the views agree at any of them.
        foreach (var at in new[] { T0, T0.AddHours(1), T0.AddDays(1) })
        {
            Assert.Equal(clock.Evaluate(at).Min(t => t.DueAt), clock.EarliestDue());
        }

        clock.Observe(Status(T0.AddMinutes(15), TicketStatus.Pending), TicketStatus.Pending);
        Assert.Null(clock.EarliestDue());

        clock.Observe(new TicketSolved(T0.AddMinutes(20), "alice"), TicketStatus.Solved);
        Assert.Null(clock.EarliestDue());
    }

    private static readonly TimeSpan Cet = TimeSpan.FromHours(1);

    private static SlaClock Opened(SlaPolicyApplied policy) => Opened(policy, T0);

    private static SlaClock Opened(SlaPolicyApplied policy, DateTimeOffset at)
    {
        var clock = new SlaClock();
        clock.Observe(new TicketOpened(at, "webchat", ChannelKind.Chat, "conv", "c-1", "addr", null), TicketStatus.New);
        clock.Observe(new CustomerMessageReceived(at, "m-1", "help", at), TicketStatus.New);
        clock.Observe(policy with { At = at }, TicketStatus.New);
        clock.Observe(new TicketAssignedTo(at, "alice"), TicketStatus.Open);
        return clock;
    }

    private static TicketUpdated Status(DateTimeOffset at, TicketStatus status) => new(at, "alice", new TicketChanges { Status = status });

    private static SlaTargetView Target(IReadOnlyList<SlaTargetView> targets, SlaMetric metric) => Assert.Single(targets, t => t.Metric == metric);
}
