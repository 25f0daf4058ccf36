using Switchboard.EndToEnd.Harness;
using Switchboard.V1;

namespace Switchboard.EndToEnd;

public sealed class ConversationFlowTests
{
    [Fact]
    public async Task Customer_message_is_routed_answered_delivered_solved_and_reopened()
    {
        await using var node = await SwitchboardNode.Start();
        await node.Admin.UpsertAgentAsync(new() { Agent = new AgentProfile { AgentId = "alice", DisplayName = "Alice" } });
        await using var desk = await DeskSession.Open(node, "alice");
        Assert.Equal(Presence.Offline, desk.Snapshot.Presence);
        await node.Agents.SetPresenceAsync(new() { AgentId = "alice", Presence = Presence.Available });
        await using var adapter = await AdapterSession.Open(node, "webchat");

        var ack = await adapter.SendAcked(AdapterSession.Message("conv-1", "m-1", "My order never arrived"));
        Assert.False(string.IsNullOrEmpty(ack.TicketId));
        Assert.False(ack.Duplicate);
        Assert.True(ack.Sequence > 0);

        var offer = await desk.NextOffer();
        Assert.Equal(ack.TicketId, offer.TicketId);
        Assert.Equal(Channel.Chat, offer.Channel);
        Assert.Equal("My order never arrived", offer.Preview);

        var accepted = await node.Agents.AcceptOfferAsync(new() { AgentId = "alice", TicketId = ack.TicketId });
        Assert.Equal("alice", accepted.Ticket.AssigneeAgentId);
        Assert.Equal(TicketStatus.Open, accepted.Ticket.Status);
        Assert.Equal(["My order never arrived"], accepted.Ticket.Transcript.Select(m => m.Body));
        var assigned = await desk.NextAssigned();
        Assert.Equal(ack.TicketId, assigned.TicketId);

        var second = await adapter.SendAcked(AdapterSession.Message("conv-1", "m-2", "Order 1234"));
        Assert.Equal(ack.TicketId, second.TicketId);
        Assert.True(second.Sequence > ack.Sequence);
        var live = await desk.NextMessage();
        Assert.Equal("Order 1234", live.Message.Body);
        Assert.Equal(Author.Customer, live.Message.Author);

        var reply = await node.Agents.ReplyAsync(new() { AgentId = "alice", TicketId = ack.TicketId, Body = "Sorry! A new one ships today." });
        var outbound = await adapter.NextOutbound();
        Assert.Equal("Sorry! A new one ships today.", outbound.Body);
        Assert.Equal("conv-1", outbound.ConversationId);
        Assert.Equal("+15550100", outbound.RecipientAddress);
        Assert.Equal(reply.Sequence, outbound.TicketSequence);
        Assert.Equal("alice", outbound.AgentId);
        await adapter.Ack(outbound.DeliverySequence);

        var solved = await node.Agents.SolveTicketAsync(new() { AgentId = "alice", TicketId = ack.TicketId });
        Assert.Equal(TicketStatus.Solved, solved.Status);
        await desk.Inbox.Next(e => e.EventCase == StreamDeskResponse.EventOneofCase.TicketReleased && e.TicketReleased.TicketId == ack.TicketId);

        // A message on a solved ticket reopens it and routes it again.
        var reopen = await adapter.SendAcked(AdapterSession.Message("conv-1", "m-3", "It arrived broken"));
        Assert.Equal(ack.TicketId, reopen.TicketId);
        var again = await desk.NextOffer();
        Assert.Equal(ack.TicketId, again.TicketId);
        var ticket = (await node.Agents.GetTicketAsync(new() { TicketId = ack.TicketId })).Ticket;
        Assert.Equal(TicketStatus.Open, ticket.Status);
        Assert.Equal(
            ["My order never arrived", "Order 1234", "Sorry! A new one ships today.", "It arrived broken"],
            ticket.Transcript.Select(m => m.Body));
        Assert.Equal([Author.Customer, Author.Customer, Author.Agent, Author.Customer], ticket.Transcript.Select(m => m.Author));
    }

    [Fact]
    public async Task Messages_sent_without_waiting_are_all_acked_and_each_conversation_keeps_its_order()
    {
        await using var node = await SwitchboardNode.Start();
        await using var adapter = await AdapterSession.Open(node, "webchat");
        var sent = new List<InboundMessage>();
        for (var i = 1; i <= 12; i++)
        {
            foreach (var conversation in new[] { "p-a", "p-b", "p-c" })
            {
                var message = AdapterSession.Message(conversation, $"{conversation}-{i}", $"{conversation} line {i}", sender: $"{conversation}@example.com");
                sent.Add(message);
                await adapter.Write(message);
            }
        }

        await Eventually.Until(() => Task.FromResult(Acks(adapter).Count == sent.Count), because: "every message is acked");
        var acks = Acks(adapter);
        Assert.Equal(sent.Select(m => m.AdapterMessageId).Order(), acks.Select(a => a.AdapterMessageId).Order());
        foreach (var conversation in new[] { "p-a", "p-b", "p-c" })
        {
            var mine = acks.Where(a => a.AdapterMessageId.StartsWith(conversation, StringComparison.Ordinal)).ToArray();
            var ticketId = Assert.Single(mine.Select(a => a.TicketId).Distinct());
            // Acked in the order sent within the conversation, and stored in that order.
            Assert.Equal(Enumerable.Range(1, 12).Select(i => $"{conversation}-{i}"), mine.Select(a => a.AdapterMessageId));
            Assert.Equal(mine.Select(a => a.Sequence).Order(), mine.Select(a => a.Sequence));
            var ticket = await Scenario.Ticket(node, ticketId);
            Assert.Equal(Enumerable.Range(1, 12).Select(i => $"{conversation} line {i}"), ticket.Transcript.Select(m => m.Body));
        }
    }

    private static List<InboundAck> Acks(AdapterSession adapter) =>
        adapter.Inbox.Seen.Where(r => r.FrameCase == StreamConversationsResponse.FrameOneofCase.InboundAck).Select(r => r.InboundAck).ToList();

    [Fact]
    public async Task Message_on_a_closed_ticket_opens_a_linked_follow_up()
    {
        await using var node = await SwitchboardNode.Start();
        await node.Admin.UpsertAgentAsync(new() { Agent = new AgentProfile { AgentId = "bob", AutoAccept = true } });
        await node.Agents.SetPresenceAsync(new() { AgentId = "bob", Presence = Presence.Available });
        await using var adapter = await AdapterSession.Open(node, "sms");

        var first = await adapter.SendAcked(AdapterSession.Message("+15550111", "sms-1", "Hi", sender: "+15550111", channel: Channel.Sms));
        await Eventually.Until(async () =>
            (await node.Agents.GetTicketAsync(new() { TicketId = first.TicketId })).Ticket.AssigneeAgentId == "bob");
        await node.Agents.SolveTicketAsync(new() { AgentId = "bob", TicketId = first.TicketId });
        var closed = await node.Admin.CloseTicketAsync(new() { TicketId = first.TicketId });
        Assert.Equal(TicketStatus.Closed, closed.Status);

        var next = await adapter.SendAcked(AdapterSession.Message("+15550111", "sms-2", "Me again", sender: "+15550111", channel: Channel.Sms));
        Assert.NotEqual(first.TicketId, next.TicketId);
        Assert.Equal(first.CustomerId, next.CustomerId);
        var followUp = (await node.Agents.GetTicketAsync(new() { TicketId = next.TicketId })).Ticket;
        Assert.Equal(first.TicketId, followUp.FollowUpOfTicketId);
        Assert.Equal(["Me again"], followUp.Transcript.Select(m => m.Body));
        var old = (await node.Agents.GetTicketAsync(new() { TicketId = first.TicketId })).Ticket;
        Assert.Equal(TicketStatus.Closed, old.Status);
        Assert.Equal(["Hi"], old.Transcript.Select(m => m.Body));
    }

    [Fact]
    public async Task Auto_accepting_agent_gets_the_ticket_without_answering_an_offer()
    {
        await using var node = await SwitchboardNode.Start();
        await node.Admin.UpsertAgentAsync(new() { Agent = new AgentProfile { AgentId = "carol", AutoAccept = true } });
        await using var desk = await DeskSession.Open(node, "carol");
        await node.Agents.SetPresenceAsync(new() { AgentId = "carol", Presence = Presence.Available });
        await using var adapter = await AdapterSession.Open(node, "email");

        var ack = await adapter.SendAcked(AdapterSession.Message("thread-9", "<a@mail>", "Invoice question", sender: "dana@example.com", channel: Channel.Email));

        var assigned = await desk.NextAssigned();
        Assert.Equal(ack.TicketId, assigned.TicketId);
        Assert.Equal("carol", assigned.AssigneeAgentId);
        var agent = await node.Admin.GetAgentAsync(new() { AgentId = "carol" });
        Assert.Equal([ack.TicketId], agent.AssignedTicketIds);
    }

    [Fact]
    public async Task Same_sender_is_one_customer_across_conversations()
    {
        await using var node = await SwitchboardNode.Start();
        await using var adapter = await AdapterSession.Open(node, "webchat");
        var a = await adapter.SendAcked(AdapterSession.Message("c-a", "x-1", "first", sender: "visitor-7"));
        var b = await adapter.SendAcked(AdapterSession.Message("c-b", "x-2", "second", sender: "visitor-7"));
        var c = await adapter.SendAcked(AdapterSession.Message("c-c", "x-3", "third", sender: "visitor-8"));
        Assert.Equal(a.CustomerId, b.CustomerId);
        Assert.NotEqual(a.TicketId, b.TicketId);
        Assert.NotEqual(a.CustomerId, c.CustomerId);
    }
}
