using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Time.Testing;
using Switchboard.EndToEnd.Harness;
using Switchboard.V1;

namespace Switchboard.EndToEnd;

/// <summary>SLA policies, clocks, warnings and breaches through the real host over gRPC.</summary>
public sealed class SlaTests
{
    [Fact]
    public async Task Ticket_carries_the_targets_of_the_first_matching_policy_and_follows_priority_changes()
    {
        await using var node = await SwitchboardNode.Start();
        await node.Admin.SetSlaPoliciesAsync(new()
        {
            Policies =
            {
                new SlaPolicy { PolicyId = "urgent", Priorities = { TicketPriority.Urgent }, FirstReply = Minutes(15) },
                new SlaPolicy { PolicyId = "standard", FirstReply = Minutes(240), Resolution = Minutes(24 * 60) },
            },
        });
        await using var desk = await Scenario.AvailableAgent(node, "alice");
        await using var adapter = await AdapterSession.Open(node, "webchat");
        var ack = await Scenario.AssignedTicket(adapter, desk, "s-1");

        var standard = await Scenario.Ticket(node, ack.TicketId);
        var created = standard.CreatedAt.ToDateTimeOffset();
        Assert.Equal("standard", standard.SlaPolicyId);
        Assert.Equal([SlaMetric.FirstReply, SlaMetric.Resolution], standard.SlaTargets.Select(t => t.Metric));
        Assert.Equal(created.AddHours(4), Target(standard, SlaMetric.FirstReply).DueAt.ToDateTimeOffset());
        Assert.Equal(created.AddHours(24), Target(standard, SlaMetric.Resolution).DueAt.ToDateTimeOffset());

        var urgent = (await node.Agents.UpdateTicketAsync(new() { AgentId = "alice", TicketId = ack.TicketId, Priority = TicketPriority.Urgent })).Ticket;
        Assert.Equal("urgent", urgent.SlaPolicyId);
        Assert.Equal(created.AddMinutes(15), Assert.Single(urgent.SlaTargets).DueAt.ToDateTimeOffset());

        await node.Agents.ReplyAsync(new() { AgentId = "alice", TicketId = ack.TicketId, Body = "On it" });
        var replied = Assert.Single((await Scenario.Ticket(node, ack.TicketId)).SlaTargets);
        Assert.Null(replied.DueAt);
        Assert.NotNull(replied.FulfilledAt);
        Assert.False(replied.Breached);
        var policies = await TicketHistoryTests.AllEvents(node, ack.TicketId);
        Assert.Equal(2, policies.Count(e => e.Kind == "sla_policy_applied"));
    }

    [Fact]
    public async Task Policy_for_a_brand_applies_only_to_that_brands_tickets()
    {
        await using var node = await SwitchboardNode.Start();
        await node.Admin.SetSlaPoliciesAsync(new()
        {
            Policies =
            {
                new SlaPolicy { PolicyId = "acme-vip", Brands = { "acme" }, FirstReply = Minutes(15) },
                new SlaPolicy { PolicyId = "standard", FirstReply = Minutes(240) },
            },
        });
        Assert.Equal(["acme"], (await node.Admin.GetSlaPoliciesAsync(new())).Policies[0].Brands);
        await using var adapter = await AdapterSession.Open(node, "webchat");
        var acmeMessage = AdapterSession.Message("s-brand-1", "s-brand-1", "Hello from Acme");
        acmeMessage.Brand = "acme";
        var otherMessage = AdapterSession.Message("s-brand-2", "s-brand-2", "Hello", sender: "+15550199");
        otherMessage.Brand = "globex";

        var acme = await Scenario.Ticket(node, (await adapter.SendAcked(acmeMessage)).TicketId);
        var other = await Scenario.Ticket(node, (await adapter.SendAcked(otherMessage)).TicketId);

        Assert.Equal(("acme-vip", "standard"), (acme.SlaPolicyId, other.SlaPolicyId));
        Assert.Equal(acme.CreatedAt.ToDateTimeOffset().AddMinutes(15), Target(acme, SlaMetric.FirstReply).DueAt.ToDateTimeOffset());
    }

    [Fact]
    public async Task Pending_pauses_the_clock_and_open_resumes_it_later_by_the_pause()
    {
        await using var node = await SwitchboardNode.Start();
        await node.Admin.SetSlaPoliciesAsync(new() { Policies = { new SlaPolicy { PolicyId = "std", Resolution = Minutes(60) } } });
        await using var desk = await Scenario.AvailableAgent(node, "alice");
        await using var adapter = await AdapterSession.Open(node, "webchat");
        var ack = await Scenario.AssignedTicket(adapter, desk, "s-2");
        var dueBefore = Target(await Scenario.Ticket(node, ack.TicketId), SlaMetric.Resolution).DueAt.ToDateTimeOffset();

        await node.Agents.UpdateTicketAsync(new() { AgentId = "alice", TicketId = ack.TicketId, Status = TicketStatus.Pending });
        var paused = Target(await Scenario.Ticket(node, ack.TicketId), SlaMetric.Resolution);
        Assert.True(paused.Paused);
        Assert.Null(paused.DueAt);
        await Task.Delay(300);
        await node.Agents.UpdateTicketAsync(new() { AgentId = "alice", TicketId = ack.TicketId, Status = TicketStatus.Open });

        var resumed = Target(await Scenario.Ticket(node, ack.TicketId), SlaMetric.Resolution);
        var statusChanges = (await TicketHistoryTests.AllEvents(node, ack.TicketId)).Where(e => e.Kind == "updated").Select(e => e.At.ToDateTimeOffset()).ToArray();
        Assert.False(resumed.Paused);
        Assert.Equal(dueBefore + (statusChanges[1] - statusChanges[0]), resumed.DueAt.ToDateTimeOffset());
    }

    [Fact]
    public async Task Warning_and_breach_go_on_the_ticket_and_the_breach_raises_its_priority()
    {
        await using var node = await SwitchboardNode.Start();
        await node.Admin.SetSlaPoliciesAsync(new()
        {
            Policies = { new SlaPolicy { PolicyId = "fast", FirstReply = Seconds(3), WarnBefore = Seconds(2), BreachPriority = TicketPriority.High } },
        });
        await using var adapter = await AdapterSession.Open(node, "webchat");
        var ack = await adapter.SendAcked(AdapterSession.Message("s-3", "s-3", "Nobody is answering"));

        List<TicketAuditEntry> events = [];
        await Eventually.Until(async () => (events = await TicketHistoryTests.AllEvents(node, ack.TicketId)).Any(e => e.Kind == "updated"),
            TimeSpan.FromSeconds(20), "the breach is recorded and raises the priority");

        var alarms = events.SkipWhile(e => e.Kind != "sla_warning").ToArray();
        Assert.Equal(["sla_warning", "sla_breached", "updated"], alarms.Select(e => e.Kind));
        Assert.All(alarms, e => Assert.Equal("system", e.Actor));
        Assert.Equal("priority High", alarms[2].Summary);
        var created = (await Scenario.Ticket(node, ack.TicketId)).CreatedAt.ToDateTimeOffset();
        Assert.InRange(alarms[0].At.ToDateTimeOffset(), created.AddSeconds(0), created.AddSeconds(2.9));
        Assert.True(alarms[1].At.ToDateTimeOffset() >= created.AddSeconds(2));
        var ticket = await Scenario.Ticket(node, ack.TicketId);
        Assert.Equal(TicketPriority.High, ticket.Priority);
        Assert.True(Assert.Single(ticket.SlaTargets).Breached);
    }

    [Fact]
    public async Task Clock_and_breach_survive_a_restart()
    {
        var database = SwitchboardNode.NewDatabasePath();
        string ticketId;
        Timestamp due;
        await using (var node = await SwitchboardNode.Start(database))
        {
            await node.Admin.SetSlaPoliciesAsync(new() { Policies = { new SlaPolicy { PolicyId = "fast", FirstReply = Seconds(4) } } });
            await using var adapter = await AdapterSession.Open(node, "webchat");
            ticketId = (await adapter.SendAcked(AdapterSession.Message("s-4", "s-4", "Hello?"))).TicketId;
            due = Target(await Scenario.Ticket(node, ticketId), SlaMetric.FirstReply).DueAt;
            await node.Stop();
        }

        await using var restarted = await SwitchboardNode.Start(database);
        Assert.Equal(due, Target(await Scenario.Ticket(restarted, ticketId), SlaMetric.FirstReply).DueAt);
        await Eventually.Until(async () => (await TicketHistoryTests.AllEvents(restarted, ticketId)).Any(e => e.Kind == "sla_breached"),
            TimeSpan.FromSeconds(45), "the durable reminder fires after the restart");
        Assert.True(Target(await Scenario.Ticket(restarted, ticketId), SlaMetric.FirstReply).Breached);
    }

    [Fact]
    public async Task Policy_without_targets_is_refused()
    {
        await using var node = await SwitchboardNode.Start();
        var refused = await Refusal.Of(StatusCode.InvalidArgument, () => node.Admin.SetSlaPoliciesAsync(new()
        {
            Policies = { new SlaPolicy { PolicyId = "ok", FirstReply = Minutes(5) }, new SlaPolicy { PolicyId = "empty" } },
        }).ResponseAsync);
        Assert.Equal("policies[1].first_reply", Refusal.FieldOf(refused));
        Assert.Empty((await node.Admin.GetSlaPoliciesAsync(new())).Policies);
    }

    [Fact]
    public async Task Business_hours_carry_the_clock_over_a_weekend_and_a_holiday_and_a_restart_keeps_the_due_time()
    {
        // Berlin office hours, Monday 9 March 2026 a holiday. Opened Friday 16:00: one open hour that day, the
        // second on Tuesday morning. The warning (30 open minutes left) is due Tuesday 09:30, the breach at 10:00.
        var cet = TimeSpan.FromHours(1);
        var opened = new DateTimeOffset(2026, 3, 6, 16, 0, 0, cet);
        var warnAt = new DateTimeOffset(2026, 3, 10, 9, 30, 0, cet);
        var dueAt = new DateTimeOffset(2026, 3, 10, 10, 0, 0, cet);
        var clock = new FakeTimeProvider(opened);
        var database = SwitchboardNode.NewDatabasePath();
        var hours = new BusinessHours { TimeZone = "Europe/Berlin", Holidays = { "2026-03-09" } };
        hours.Open.AddRange(new[] { Weekday.Monday, Weekday.Tuesday, Weekday.Wednesday, Weekday.Thursday, Weekday.Friday }
            .Select(day => new OpenHours { Day = day, Start = "09:00", End = "17:00" }));
        string ticketId;
        await using (var node = await SwitchboardNode.StartAt(clock, database))
        {
            await node.Admin.SetSlaPoliciesAsync(new()
            {
                Policies = { new SlaPolicy { PolicyId = "office", FirstReply = Minutes(120), WarnBefore = Minutes(30), BusinessHours = hours } },
            });
            await using var adapter = await AdapterSession.Open(node, "webchat");
            ticketId = (await adapter.SendAcked(AdapterSession.Message("s-bh", "s-bh", "Anyone there on a Friday?"))).TicketId;

            var fresh = await Scenario.Ticket(node, ticketId);
            Assert.Equal(opened, fresh.CreatedAt.ToDateTimeOffset());
            Assert.Equal(dueAt, Target(fresh, SlaMetric.FirstReply).DueAt.ToDateTimeOffset());

            clock.SetUtcNow(new DateTimeOffset(2026, 3, 9, 12, 0, 0, cet));
            var holiday = Target(await Scenario.Ticket(node, ticketId), SlaMetric.FirstReply);
            Assert.Equal((TimeSpan.FromHours(1), false), (holiday.Elapsed.ToTimeSpan(), holiday.Breached));
            await node.Stop();
        }

        await using var restarted = await SwitchboardNode.StartAt(clock, database);
        Assert.Equal(hours, Assert.Single((await restarted.Admin.GetSlaPoliciesAsync(new())).Policies).BusinessHours);
        var afterRestart = Target(await Scenario.Ticket(restarted, ticketId), SlaMetric.FirstReply);
        Assert.Equal((dueAt, TimeSpan.FromHours(1)), (afterRestart.DueAt.ToDateTimeOffset(), afterRestart.Elapsed.ToTimeSpan()));

        Assert.DoesNotContain(await TicketHistoryTests.AllEvents(restarted, ticketId), e => e.Kind is "sla_warning" or "sla_breached");

        var warning = await SlaEventAround(restarted, clock, warnAt, ticketId, "sla_warning");
        Assert.InRange(warning.At.ToDateTimeOffset(), warnAt, warnAt + ReminderLag);

        var breach = await SlaEventAround(restarted, clock, dueAt, ticketId, "sla_breached");
        Assert.InRange(breach.At.ToDateTimeOffset(), dueAt, dueAt + ReminderLag);
        var events = await TicketHistoryTests.AllEvents(restarted, ticketId);
        Assert.Equal(["sla_warning", "sla_breached"], events.Where(e => e.Kind is "sla_warning" or "sla_breached").Select(e => e.Kind));
        Assert.True(Target(await Scenario.Ticket(restarted, ticketId), SlaMetric.FirstReply).Breached);
    }

    [Fact]
    public async Task Business_hours_with_an_unknown_zone_or_overlapping_intervals_are_refused()
    {
        await using var node = await SwitchboardNode.Start();
        var hours = new BusinessHours { TimeZone = "Europe/Atlantis", Open = { new OpenHours { Day = Weekday.Monday, Start = "09:00", End = "17:00" } } };
        var policy = new SlaPolicy { PolicyId = "office", FirstReply = Minutes(60), BusinessHours = hours };

        var unknownZone = await Refusal.Of(StatusCode.InvalidArgument, () => node.Admin.SetSlaPoliciesAsync(new() { Policies = { policy } }).ResponseAsync);
        Assert.Equal("policies[0].business_hours.time_zone", Refusal.FieldOf(unknownZone));

        hours.TimeZone = "Europe/Berlin";
        hours.Open.Add(new OpenHours { Day = Weekday.Monday, Start = "12:00", End = "18:00" });
        var overlap = await Refusal.Of(StatusCode.InvalidArgument, () => node.Admin.SetSlaPoliciesAsync(new() { Policies = { policy } }).ResponseAsync);
        Assert.Equal("policies[0].business_hours.open[1]", Refusal.FieldOf(overlap));
        Assert.Empty((await node.Admin.GetSlaPoliciesAsync(new())).Policies);
    }

    /// <summary>
    /// How late after its instant an alarm may be recorded under the test clock: normally the 100 ms of one step;
    /// should the reminder be loaded only after its instant, Orleans fires it on its next period (one minute).
    /// </summary>
    private static readonly TimeSpan ReminderLag = TimeSpan.FromSeconds(70);

    /// <summary>
    /// Moves the test clock to just before <paramref name="instant"/> (Orleans loads reminders that are near), then
    /// on in 100 ms steps until the reminder puts the <paramref name="kind"/> event on the ticket.
    /// </summary>
    private static async Task<TicketAuditEntry> SlaEventAround(SwitchboardNode node, FakeTimeProvider clock, DateTimeOffset instant, string ticketId, string kind)
    {
        clock.SetUtcNow(instant - TimeSpan.FromSeconds(5));
        TicketAuditEntry? found = null;
        await Eventually.Until(async () =>
        {
            clock.Advance(TimeSpan.FromMilliseconds(100));
            found = (await TicketHistoryTests.AllEvents(node, ticketId)).FirstOrDefault(e => e.Kind == kind);
            return found is not null;
        }, TimeSpan.FromSeconds(60), $"the SLA reminder records {kind}");
        return found!;
    }

    private static Duration Minutes(int minutes) => Duration.FromTimeSpan(TimeSpan.FromMinutes(minutes));

    private static Duration Seconds(int seconds) => Duration.FromTimeSpan(TimeSpan.FromSeconds(seconds));

    private static SlaTarget Target(Ticket ticket, SlaMetric metric) => Assert.Single(ticket.SlaTargets, t => t.Metric == metric);
}
