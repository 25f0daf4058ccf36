using Google.Protobuf.WellKnownTypes;
using Switchboard.EndToEnd.Harness;
using Switchboard.V1;

namespace Switchboard.EndToEnd;

/// <summary>Routing rules, one scenario each, through the real host over gRPC.</summary>
public sealed class RoutingTests
{
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(1.5);

    [Fact]
    public async Task Skilled_queue_offers_to_the_most_proficient_agent_and_never_to_the_unskilled()
    {
        await using var node = await SwitchboardNode.Start();
        await node.Admin.UpsertQueueAsync(new() { Queue = Queue("billing", skills: [("billing", 2)]) });
        await node.Admin.SetRoutingRulesAsync(new() { Rules = { new RoutingRule { Channel = Channel.Email, QueueId = "billing" } } });
        await using var novice = await Agent(node, "novice", queues: ["billing"], skills: [("billing", 2)]);
        await using var expert = await Agent(node, "expert", queues: ["billing"], skills: [("billing", 5)]);
        await using var untrained = await Agent(node, "untrained", queues: ["billing"]);
        await using var adapter = await AdapterSession.Open(node, "mail");

        var ack = await adapter.SendAcked(AdapterSession.Message("th-1", "e-1", "Refund please", sender: "a@example.com", channel: Channel.Email));

        Assert.Equal(ack.TicketId, (await expert.NextOffer()).TicketId);
        Assert.Equal("billing", (await node.Agents.GetTicketAsync(new() { TicketId = ack.TicketId })).Ticket.QueueId);
        await node.Agents.DeclineOfferAsync(new() { AgentId = "expert", TicketId = ack.TicketId });
        Assert.Equal(ack.TicketId, (await novice.NextOffer()).TicketId);
        await node.Agents.DeclineOfferAsync(new() { AgentId = "novice", TicketId = ack.TicketId });
        Assert.True(await untrained.Inbox.NothingWithin(IsOffer, Quiet));
    }

    [Fact]
    public async Task Ticket_in_a_language_goes_only_to_agents_who_speak_it()
    {
        await using var node = await SwitchboardNode.Start();
        await using var english = await Agent(node, "en-agent", languages: ["en"]);
        await using var german = await Agent(node, "de-agent", languages: ["de"]);
        await using var adapter = await AdapterSession.Open(node, "webchat");
        var message = AdapterSession.Message("c-de", "m-de", "Hallo, mein Paket fehlt");
        message.Language = "de";

        var ack = await adapter.SendAcked(message);

        Assert.Equal(ack.TicketId, (await german.NextOffer()).TicketId);
        Assert.True(await english.Inbox.NothingWithin(IsOffer, Quiet));
    }

    [Fact]
    public async Task Returning_customer_is_offered_to_their_last_agent_first()
    {
        await using var node = await SwitchboardNode.Start();
        await using var first = await Agent(node, "first", autoAccept: true);
        await using var adapter = await AdapterSession.Open(node, "webchat");
        var earlier = await adapter.SendAcked(AdapterSession.Message("visit-1", "v-1", "Hi", sender: "regular"));
        await first.NextAssigned();
        await node.Agents.SolveTicketAsync(new() { AgentId = "first", TicketId = earlier.TicketId });
        // Another agent has now been idle longer than "first", who just finished.
        await using var idle = await Agent(node, "idle");

        var later = await adapter.SendAcked(AdapterSession.Message("visit-2", "v-2", "Me again", sender: "regular"));

        var assigned = await first.NextAssigned();
        Assert.Equal(later.TicketId, assigned.TicketId);
        Assert.True(await idle.Inbox.NothingWithin(IsOffer, TimeSpan.FromMilliseconds(500)));
    }

    [Fact]
    public async Task Capacity_per_channel_holds_the_next_ticket_until_one_is_solved()
    {
        await using var node = await SwitchboardNode.Start();
        await using var desk = await Agent(node, "solo", autoAccept: true, capacities: [(Channel.Chat, 1)]);
        await using var adapter = await AdapterSession.Open(node, "webchat");
        var one = await adapter.SendAcked(AdapterSession.Message("k-1", "k-1", "first", sender: "s1"));
        var two = await adapter.SendAcked(AdapterSession.Message("k-2", "k-2", "second", sender: "s2"));

        Assert.Equal(one.TicketId, (await desk.NextAssigned()).TicketId);
        Assert.True(await desk.Inbox.NothingWithin(IsOffer, TimeSpan.FromSeconds(1)));
        var position = await node.Channels.GetQueuePositionAsync(new() { TicketId = two.TicketId });
        Assert.True(position.Waiting);
        Assert.Equal(1, position.Position);

        await node.Agents.SolveTicketAsync(new() { AgentId = "solo", TicketId = one.TicketId });
        Assert.Equal(two.TicketId, (await desk.NextAssigned()).TicketId);
        Assert.False((await node.Channels.GetQueuePositionAsync(new() { TicketId = two.TicketId })).Waiting);
    }

    [Fact]
    public async Task Agent_on_a_voice_call_is_offered_nothing_else()
    {
        await using var node = await SwitchboardNode.Start();
        await using var desk = await Agent(node, "phone", autoAccept: true);
        await using var adapter = await AdapterSession.Open(node, "omni");
        var call = await adapter.SendAcked(AdapterSession.Message("call-1", "call-1", "[voice call]", sender: "+15550001", channel: Channel.Voice));
        Assert.Equal(call.TicketId, (await desk.NextAssigned()).TicketId);

        var chat = await adapter.SendAcked(AdapterSession.Message("chat-1", "chat-1", "hello", sender: "visitor"));
        Assert.True(await desk.Inbox.NothingWithin(IsOffer, Quiet));

        await node.Agents.SolveTicketAsync(new() { AgentId = "phone", TicketId = call.TicketId });
        Assert.Equal(chat.TicketId, (await desk.NextAssigned()).TicketId);
    }

    [Fact]
    public async Task Wrap_up_keeps_capacity_taken_after_a_solve()
    {
        await using var node = await SwitchboardNode.Start();
        await using var desk = await Agent(node, "wrapper", autoAccept: true, capacities: [(Channel.Chat, 1)], wrapUp: TimeSpan.FromSeconds(2));
        await using var adapter = await AdapterSession.Open(node, "webchat");
        var one = await adapter.SendAcked(AdapterSession.Message("w-1", "w-1", "first", sender: "s1"));
        Assert.Equal(one.TicketId, (await desk.NextAssigned()).TicketId);
        var two = await adapter.SendAcked(AdapterSession.Message("w-2", "w-2", "second", sender: "s2"));

        await node.Agents.SolveTicketAsync(new() { AgentId = "wrapper", TicketId = one.TicketId });

        Assert.True(await desk.Inbox.NothingWithin(IsOffer, TimeSpan.FromSeconds(1)));
        Assert.Equal(two.TicketId, (await desk.NextAssigned()).TicketId);
    }

    [Fact]
    public async Task Timed_out_offer_goes_back_in_line_and_missed_offers_set_the_agent_away()
    {
        await using var node = await SwitchboardNode.Start(null,
            "--Switchboard:Routing:OfferTimeout=00:00:00.300", "--Switchboard:Routing:MaxMissedOffers=2");
        await using var sleepy = await Agent(node, "sleepy");
        await using var adapter = await AdapterSession.Open(node, "webchat");
        var ack = await adapter.SendAcked(AdapterSession.Message("t-1", "t-1", "hello?"));

        Assert.Equal(ack.TicketId, (await sleepy.NextOffer()).TicketId);
        await sleepy.Inbox.Next(e => e.EventCase == StreamDeskResponse.EventOneofCase.OfferWithdrawn);
        Assert.Equal(ack.TicketId, (await sleepy.NextOffer()).TicketId);
        var away = await sleepy.Inbox.Next(e => e.EventCase == StreamDeskResponse.EventOneofCase.PresenceChanged);

        Assert.Equal(Presence.Away, away.PresenceChanged.Presence);
        Assert.Contains("not responding", away.PresenceChanged.Reason, StringComparison.Ordinal);
        // The agent tells the queue that the offer timed out one-way, so the queue may show it a moment after the desk.
        GetQueueStatusResponse queue = null!;
        await Eventually.Until(async () =>
        {
            queue = await node.Supervisor.GetQueueStatusAsync(new());
            return queue.Waiting.Count != 1 || queue.Waiting[0].OfferedToAgentId.Length == 0;
        }, TimeSpan.FromSeconds(5), "the queue settles the timed-out offer");
        var waiting = Assert.Single(queue.Waiting);
        Assert.Equal(ack.TicketId, waiting.TicketId);
        Assert.Empty(waiting.OfferedToAgentId);
        Assert.Empty(queue.Agents);
    }

    [Fact]
    public async Task Waiting_ticket_escalates_by_relaxing_skills_and_by_overflowing()
    {
        await using var node = await SwitchboardNode.Start();
        await node.Admin.UpsertQueueAsync(new() { Queue = Queue("overflow") });
        await node.Admin.UpsertQueueAsync(new()
        {
            Queue = Queue("vip", skills: [("vip", 5)], escalations:
            [
                new EscalationStep { After = Duration.FromTimeSpan(TimeSpan.FromSeconds(1)), Action = EscalationAction.RelaxSkills },
            ]),
        });
        await node.Admin.UpsertQueueAsync(new()
        {
            Queue = Queue("spanish", escalations:
            [
                new EscalationStep { After = Duration.FromTimeSpan(TimeSpan.FromSeconds(1)), Action = EscalationAction.Overflow, OverflowQueueId = "overflow" },
            ]),
        });
        await node.Admin.SetRoutingRulesAsync(new()
        {
            Rules =
            {
                new RoutingRule { Brand = "gold", QueueId = "vip" },
                new RoutingRule { Language = "es", QueueId = "spanish" },
            },
        });
        await using var generalist = await Agent(node, "generalist", queues: ["vip", "overflow"]);
        await using var adapter = await AdapterSession.Open(node, "webchat");

        var vip = AdapterSession.Message("g-1", "g-1", "I am a gold customer", sender: "gold-1");
        vip.Brand = "gold";
        var vipAck = await adapter.SendAcked(vip);
        Assert.Equal(vipAck.TicketId, (await generalist.NextOffer()).TicketId);
        await node.Agents.AcceptOfferAsync(new() { AgentId = "generalist", TicketId = vipAck.TicketId });

        var spanish = AdapterSession.Message("s-1", "s-1", "Hola", sender: "es-1");
        spanish.Language = "es";
        var spanishAck = await adapter.SendAcked(spanish);
        Assert.Equal(spanishAck.TicketId, (await generalist.NextOffer()).TicketId);
        Assert.Equal("overflow", (await node.Agents.GetTicketAsync(new() { TicketId = spanishAck.TicketId })).Ticket.QueueId);
    }

    [Fact]
    public async Task Transfer_to_a_named_agent_offers_it_to_that_agent_only()
    {
        await using var node = await SwitchboardNode.Start();
        await node.Admin.UpsertQueueAsync(new() { Queue = Queue("tier2") });
        await using var tier1 = await Agent(node, "tier1", autoAccept: true);
        await using var adapter = await AdapterSession.Open(node, "webchat");
        var ack = await adapter.SendAcked(AdapterSession.Message("x-1", "x-1", "Complex issue"));
        Assert.Equal(ack.TicketId, (await tier1.NextAssigned()).TicketId);
        await using var bystander = await Agent(node, "bystander", queues: ["tier2"]);
        await using var specialist = await Agent(node, "specialist", queues: ["tier2"]);

        await node.Agents.TransferTicketAsync(new() { AgentId = "tier1", TicketId = ack.TicketId, TargetQueueId = "tier2", TargetAgentId = "specialist" });

        await tier1.Inbox.Next(e => e.EventCase == StreamDeskResponse.EventOneofCase.TicketReleased && e.TicketReleased.TicketId == ack.TicketId);
        Assert.Equal(ack.TicketId, (await specialist.NextOffer()).TicketId);
        Assert.True(await bystander.Inbox.NothingWithin(IsOffer, TimeSpan.FromMilliseconds(500)));
        var accepted = await node.Agents.AcceptOfferAsync(new() { AgentId = "specialist", TicketId = ack.TicketId });
        Assert.Equal("tier2", accepted.Ticket.QueueId);
        Assert.Equal(["Complex issue"], accepted.Ticket.Transcript.Select(m => m.Body));
        Assert.Empty((await node.Admin.GetAgentAsync(new() { AgentId = "tier1" })).AssignedTicketIds);
    }

    [Fact]
    public async Task Transfer_to_an_agent_who_does_not_exist_or_does_not_serve_the_queue_is_refused_and_changes_nothing()
    {
        await using var node = await SwitchboardNode.Start();
        await node.Admin.UpsertQueueAsync(new() { Queue = Queue("tier2") });
        await using var tier1 = await Agent(node, "tier1", autoAccept: true);
        await using var generalist = await Agent(node, "generalist");
        await using var adapter = await AdapterSession.Open(node, "webchat");
        var ack = await adapter.SendAcked(AdapterSession.Message("t-1", "t-1", "Complex issue"));
        Assert.Equal(ack.TicketId, (await tier1.NextAssigned()).TicketId);
        var before = await node.Agents.GetTicketAsync(new() { TicketId = ack.TicketId });

        var ghost = await Refusal.Of(Grpc.Core.StatusCode.FailedPrecondition, () => node.Agents.TransferTicketAsync(
            new() { AgentId = "tier1", TicketId = ack.TicketId, TargetQueueId = "tier2", TargetAgentId = "ghost" }).ResponseAsync);
        var elsewhere = await Refusal.Of(Grpc.Core.StatusCode.FailedPrecondition, () => node.Agents.TransferTicketAsync(
            new() { AgentId = "tier1", TicketId = ack.TicketId, TargetQueueId = "tier2", TargetAgentId = "generalist" }).ResponseAsync);

        Assert.Contains("'ghost'", ghost.Status.Detail);
        Assert.Contains("no such agent", ghost.Status.Detail);
        Assert.Contains("'generalist'", elsewhere.Status.Detail);
        Assert.Contains("'tier2'", elsewhere.Status.Detail);
        Assert.Contains("serves only 'default'", elsewhere.Status.Detail);
        var after = await node.Agents.GetTicketAsync(new() { TicketId = ack.TicketId });
        Assert.Equal(before.Ticket, after.Ticket);
        Assert.Equal([ack.TicketId], (await node.Admin.GetAgentAsync(new() { AgentId = "tier1" })).AssignedTicketIds);
        Assert.True(await generalist.Inbox.NothingWithin(IsOffer, TimeSpan.FromMilliseconds(500)));
    }

    [Fact]
    public async Task Sla_ordered_queue_puts_the_nearest_breach_first_and_a_rebuilt_line_keeps_that_order()
    {
        var database = SwitchboardNode.NewDatabasePath();
        string email, sms, chat;
        await using (var node = await SwitchboardNode.Start(database))
        {
            var queue = Queue("sla");
            queue.Ordering = QueueOrdering.NearestSlaBreach;
            await node.Admin.UpsertQueueAsync(new() { Queue = queue });
            Assert.Equal(QueueOrdering.NearestSlaBreach, (await node.Admin.GetQueueAsync(new() { QueueId = "sla" })).Queue.Ordering);
            await node.Admin.SetRoutingRulesAsync(new() { Rules = { new[] { Channel.Chat, Channel.Email, Channel.Sms }.Select(c => new RoutingRule { Channel = c, QueueId = "sla" }) } });
            await node.Admin.SetSlaPoliciesAsync(new()
            {
                Policies =
                {
                    new SlaPolicy { PolicyId = "email", Channels = { Channel.Email }, FirstReply = Duration.FromTimeSpan(TimeSpan.FromHours(8)) },
                    new SlaPolicy { PolicyId = "chat", Channels = { Channel.Chat }, FirstReply = Duration.FromTimeSpan(TimeSpan.FromMinutes(5)) },
                },
            });
            await using var adapter = await AdapterSession.Open(node, "mixed");
            email = (await adapter.SendAcked(AdapterSession.Message("m-1", "m-1", "Invoice", sender: "a@example.com", channel: Channel.Email))).TicketId;
            sms = (await adapter.SendAcked(AdapterSession.Message("m-2", "m-2", "Hi", sender: "+15550100", channel: Channel.Sms))).TicketId;
            chat = (await adapter.SendAcked(AdapterSession.Message("m-3", "m-3", "Help", sender: "visitor", channel: Channel.Chat))).TicketId;

            // Arrival order is email, sms, chat; the chat is due in minutes, the email in hours, the sms never.
            Assert.Equal([chat, email, sms], await LineOf(node, [email, sms, chat]));
            await node.Stop();
        }

        await using var restarted = await SwitchboardNode.Start(database);
        Assert.Equal([chat, email, sms], await LineOf(restarted, [email, sms, chat]));

        await restarted.Admin.UpsertQueueAsync(new() { Queue = Queue("sla") });
        await Eventually.Until(async () => (await LineOf(restarted, [email, sms, chat])).SequenceEqual([email, sms, chat]),
            TimeSpan.FromSeconds(5), "the queue, back to longest waiting first, orders by arrival");
    }

    /// <summary>The tickets in their queue's order, read from each one's position.</summary>
    private static async Task<string[]> LineOf(SwitchboardNode node, string[] tickets)
    {
        var positions = new List<(int Position, string TicketId)>();
        foreach (var ticket in tickets)
        {
            var position = await node.Channels.GetQueuePositionAsync(new() { TicketId = ticket });
            if (position.Waiting)
            {
                positions.Add((position.Position, ticket));
            }
        }
        return positions.OrderBy(p => p.Position).Select(p => p.TicketId).ToArray();
    }

    [Fact]
    public async Task Assigned_ticket_is_rerouted_when_its_agent_goes_offline()
    {
        await using var node = await SwitchboardNode.Start();
        var leaving = await Agent(node, "leaving", autoAccept: true);
        await using var adapter = await AdapterSession.Open(node, "webchat");
        var ack = await adapter.SendAcked(AdapterSession.Message("o-1", "o-1", "Still there?"));
        Assert.Equal(ack.TicketId, (await leaving.NextAssigned()).TicketId);
        await using var staying = await Agent(node, "staying", autoAccept: true);

        await leaving.DisposeAsync();

        Assert.Equal(ack.TicketId, (await staying.NextAssigned()).TicketId);
        Assert.Empty((await node.Admin.GetAgentAsync(new() { AgentId = "leaving" })).AssignedTicketIds);
    }

    [Fact]
    public async Task Queue_position_counts_the_tickets_ahead()
    {
        await using var node = await SwitchboardNode.Start();
        await using var adapter = await AdapterSession.Open(node, "webchat");
        var tickets = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            tickets.Add((await adapter.SendAcked(AdapterSession.Message($"q-{i}", $"q-{i}", "waiting", sender: $"s-{i}"))).TicketId);
        }

        for (var i = 0; i < 3; i++)
        {
            var position = await node.Channels.GetQueuePositionAsync(new() { TicketId = tickets[i] });
            Assert.True(position.Waiting);
            Assert.Equal(i + 1, position.Position);
            Assert.Equal(3, position.WaitingTickets);
            Assert.Equal("default", position.QueueId);
        }
    }

    private static bool IsOffer(StreamDeskResponse e) => e.EventCase == StreamDeskResponse.EventOneofCase.Offer;

    private static QueueConfig Queue(string id, (string Name, int Level)[]? skills = null, EscalationStep[]? escalations = null)
    {
        var queue = new QueueConfig { QueueId = id };
        queue.RequiredSkills.AddRange((skills ?? []).Select(s => new Skill { Name = s.Name, Proficiency = s.Level }));
        queue.Escalations.AddRange(escalations ?? []);
        return queue;
    }

    /// <summary>Creates an agent, opens the desk and goes available.</summary>
    private static async Task<DeskSession> Agent(
        SwitchboardNode node,
        string id,
        string[]? queues = null,
        (string Name, int Level)[]? skills = null,
        string[]? languages = null,
        bool autoAccept = false,
        (Channel Channel, int Max)[]? capacities = null,
        TimeSpan? wrapUp = null)
    {
        var profile = new AgentProfile { AgentId = id, AutoAccept = autoAccept };
        profile.QueueIds.AddRange(queues ?? []);
        profile.Skills.AddRange((skills ?? []).Select(s => new Skill { Name = s.Name, Proficiency = s.Level }));
        profile.Languages.AddRange(languages ?? []);
        profile.Capacities.AddRange((capacities ?? []).Select(c => new ChannelCapacity { Channel = c.Channel, MaxTickets = c.Max }));
        if (wrapUp is { } duration)
        {
            profile.WrapUps.Add(new WrapUp { Channel = Channel.Chat, Duration = Duration.FromTimeSpan(duration) });
        }
        await node.Admin.UpsertAgentAsync(new() { Agent = profile });
        var desk = await DeskSession.Open(node, id);
        await node.Agents.SetPresenceAsync(new() { AgentId = id, Presence = Presence.Available });
        return desk;
    }
}
