using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
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
            TimeSpan.FromSeconds(20), "the durable reminder fires after the restart");
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

    private static Duration Minutes(int minutes) => Duration.FromTimeSpan(TimeSpan.FromMinutes(minutes));

    private static Duration Seconds(int seconds) => Duration.FromTimeSpan(TimeSpan.FromSeconds(seconds));

    private static SlaTarget Target(Ticket ticket, SlaMetric metric) => Assert.Single(ticket.SlaTargets, t => t.Metric == metric);
}
