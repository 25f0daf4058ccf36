using Switchboard.EndToEnd.Harness;
using Switchboard.V1;

namespace Switchboard.EndToEnd;

public sealed class DurabilityTests
{
    [Fact]
    public async Task Duplicate_inbound_message_is_stored_once_and_acked_again()
    {
        await using var node = await SwitchboardNode.Start();
        await using var adapter = await AdapterSession.Open(node, "webchat");
        var message = AdapterSession.Message("conv-dup", "m-1", "Hello?");

        var first = await adapter.SendAcked(message);
        var retry = await adapter.SendAcked(message);

        Assert.False(first.Duplicate);
        Assert.True(retry.Duplicate);
        Assert.Equal(first.TicketId, retry.TicketId);
        Assert.Equal(first.Sequence, retry.Sequence);
        var ticket = (await node.Agents.GetTicketAsync(new() { TicketId = first.TicketId })).Ticket;
        Assert.Single(ticket.Transcript);

        // The webhook-style call sees the same message as already stored.
        var viaSubmit = await node.Channels.SubmitInboundAsync(new() { AdapterId = "webchat", Message = message });
        Assert.True(viaSubmit.Ack.Duplicate);
        Assert.Equal(first.Sequence, viaSubmit.Ack.Sequence);
    }

    [Theory]
    // Every append to the ticket logs fails while this trigger exists: it writes to a table that does not exist, an
    // error of the database itself (not a constraint the store reads as a conflict).
    [InlineData("CREATE TRIGGER storage_fault BEFORE INSERT ON ticket_events BEGIN INSERT INTO storage_fault_missing VALUES (1); END;",
        "DROP TRIGGER storage_fault;")]
    // Every read of grain state fails while its table is away: the conversation cannot read its record as it activates.
    [InlineData("ALTER TABLE grain_state RENAME TO grain_state_away;", "ALTER TABLE grain_state_away RENAME TO grain_state;")]
    public async Task A_message_storage_fails_is_refused_as_unavailable_unacknowledged_and_stored_once_when_sent_again(string fault, string repair)
    {
        await using var node = await SwitchboardNode.Start();
        await using var adapter = await AdapterSession.Open(node, "webchat");
        var message = AdapterSession.Message("conv-storage-fault", "m-1", "Is anyone there?");
        await NodeDatabase.ExecuteAsync(node.DatabasePath, fault);

        var refused = await adapter.Send(message);

        Assert.Equal(StreamConversationsResponse.FrameOneofCase.InboundRejected, refused.FrameCase);
        Assert.Equal((int)Grpc.Core.StatusCode.Unavailable, refused.InboundRejected.Code);
        Assert.Contains("Send it again", refused.InboundRejected.Message, StringComparison.Ordinal);
        Assert.Equal(0, await NodeDatabase.CountAsync(node.DatabasePath, "SELECT COUNT(*) FROM ticket_events"));

        await NodeDatabase.ExecuteAsync(node.DatabasePath, repair);
        var stored = await adapter.SendAcked(message);
        var again = await adapter.SendAcked(message);

        Assert.False(stored.Duplicate);
        Assert.True(again.Duplicate);
        Assert.Equal(1, await NodeDatabase.CountAsync(node.DatabasePath,
            "SELECT COUNT(*) FROM ticket_events WHERE ticket_id = $ticket AND kind = 'customer_message'", ("$ticket", stored.TicketId)));
    }

    [Fact]
    public async Task Restart_brings_back_tickets_agents_queue_and_undelivered_replies()
    {
        var database = SwitchboardNode.NewDatabasePath();
        string assignedTicket;
        string waitingTicket;
        long replyDelivery;
        await using (var node = await SwitchboardNode.Start(database))
        {
            await node.Admin.UpsertAgentAsync(new()
            {
                Agent = new AgentProfile { AgentId = "erin", Capacities = { new ChannelCapacity { Channel = Channel.Chat, MaxTickets = 1 } } },
            });
            await using var desk = await DeskSession.Open(node, "erin");
            await node.Agents.SetPresenceAsync(new() { AgentId = "erin", Presence = Presence.Available });
            await using var adapter = await AdapterSession.Open(node, "webchat");

            assignedTicket = (await adapter.SendAcked(AdapterSession.Message("conv-r1", "r-1", "Where is my refund?"))).TicketId;
            await desk.NextOffer();
            await node.Agents.AcceptOfferAsync(new() { AgentId = "erin", TicketId = assignedTicket });
            await node.Agents.ReplyAsync(new() { AgentId = "erin", TicketId = assignedTicket, Body = "Checking now." });
            replyDelivery = (await adapter.NextOutbound()).DeliverySequence;
            // Not acknowledged: the adapter "crashes" before handling it.

            waitingTicket = (await adapter.SendAcked(AdapterSession.Message("conv-r2", "r-2", "Anyone there?", sender: "+15550199"))).TicketId;
            await Eventually.Until(async () =>
                (await node.Supervisor.GetQueueStatusAsync(new())).Waiting.Any(w => w.TicketId == waitingTicket));
        }

        await using var restarted = await SwitchboardNode.Start(database);

        var ticket = (await restarted.Agents.GetTicketAsync(new() { TicketId = assignedTicket })).Ticket;
        Assert.Equal("erin", ticket.AssigneeAgentId);
        Assert.Equal(["Where is my refund?", "Checking now."], ticket.Transcript.Select(m => m.Body));

        var agent = await restarted.Admin.GetAgentAsync(new() { AgentId = "erin" });
        Assert.Equal([assignedTicket], agent.AssignedTicketIds);
        Assert.Equal(1, agent.Agent.Capacities.Single(c => c.Channel == Channel.Chat).MaxTickets);

        var queue = await restarted.Supervisor.GetQueueStatusAsync(new());
        Assert.Equal([waitingTicket], queue.Waiting.Select(w => w.TicketId));

        await using var reconnected = await AdapterSession.Open(restarted, "webchat", lastAcked: 0);
        var redelivered = await reconnected.NextOutbound();
        Assert.Equal(replyDelivery, redelivered.DeliverySequence);
        Assert.Equal("Checking now.", redelivered.Body);
        await reconnected.Ack(redelivered.DeliverySequence);

        // The same customer address resolves to the same customer after the restart.
        var again = await reconnected.SendAcked(AdapterSession.Message("conv-r1", "r-3", "Thanks"));
        Assert.Equal(assignedTicket, again.TicketId);
    }

    [Fact]
    public async Task Acknowledged_delivery_is_not_redelivered_on_reconnect()
    {
        await using var node = await SwitchboardNode.Start();
        await node.Admin.UpsertAgentAsync(new() { Agent = new AgentProfile { AgentId = "finn", AutoAccept = true } });
        await node.Agents.SetPresenceAsync(new() { AgentId = "finn", Presence = Presence.Available });
        string ticketId;
        await using (var adapter = await AdapterSession.Open(node, "webchat"))
        {
            ticketId = (await adapter.SendAcked(AdapterSession.Message("conv-a", "a-1", "hello"))).TicketId;
            await Eventually.Until(async () => (await node.Agents.GetTicketAsync(new() { TicketId = ticketId })).Ticket.AssigneeAgentId == "finn");
            await node.Agents.ReplyAsync(new() { AgentId = "finn", TicketId = ticketId, Body = "one" });
            await node.Agents.ReplyAsync(new() { AgentId = "finn", TicketId = ticketId, Body = "two" });
            var one = await adapter.NextOutbound();
            var two = await adapter.NextOutbound();
            Assert.Equal(["one", "two"], new[] { one.Body, two.Body });
            await adapter.Ack(one.DeliverySequence);
        }

        await using var again = await AdapterSession.Open(node, "webchat");
        var redelivered = await again.NextOutbound();
        Assert.Equal("two", redelivered.Body);
        var welcome = again.Inbox.Seen.First(r => r.FrameCase == StreamConversationsResponse.FrameOneofCase.Welcome);
        Assert.Equal(1, welcome.Welcome.PendingDeliveries);
    }
}
