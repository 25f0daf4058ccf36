using Grpc.Core;
using Switchboard.EndToEnd.Harness;
using Switchboard.V1;

namespace Switchboard.EndToEnd.Security;

public sealed class ErasureTests
{
    [Fact]
    public async Task Erased_customer_leaves_no_message_body_or_address_behind_but_the_audit_entry_stays()
    {
        await using var node = await SwitchboardNode.Start();
        await node.Admin.UpsertAgentAsync(new() { Agent = new AgentProfile { AgentId = "ida", AutoAccept = true } });
        await node.Agents.SetPresenceAsync(new() { AgentId = "ida", Presence = Presence.Available });
        await using var adapter = await AdapterSession.Open(node, "webchat");
        var first = await adapter.SendAcked(AdapterSession.Message("e-1", "e-1", "My card number is 4111 1111", sender: "private-person"));
        await adapter.SendAcked(AdapterSession.Message("e-2", "e-2", "And I live at 12 Secret Lane", sender: "private-person"));
        await Eventually.Until(async () => (await node.Agents.GetTicketAsync(new() { TicketId = first.TicketId })).Ticket.AssigneeAgentId == "ida");
        await node.Agents.ReplyAsync(new() { AgentId = "ida", TicketId = first.TicketId, Body = "Please never send card numbers here." });

        var erased = await node.Admin.EraseCustomerAsync(new() { CustomerId = first.CustomerId });

        Assert.Equal(2, erased.TicketIds.Count);
        Assert.Equal(1, erased.IdentitiesForgotten);
        var ticket = (await node.Agents.GetTicketAsync(new() { TicketId = first.TicketId })).Ticket;
        Assert.Equal(["[erased]", "Please never send card numbers here."], ticket.Transcript.Select(m => m.Body));
        Assert.Equal("[erased]", ticket.CustomerAddress);
        var audit = await node.Agents.ListTicketEventsAsync(new() { TicketId = first.TicketId });
        Assert.Contains(audit.Events, e => e.Kind == "customer_erased");
        // The whole phrase: four digits alone turn up in the fractions of stored timestamps now and then.
        Assert.Equal(0, await RowsContaining(node.DatabasePath, "4111 1111"));
        Assert.Equal(0, await RowsContaining(node.DatabasePath, "Secret Lane"));
        Assert.Equal(0, await RowsContaining(node.DatabasePath, "private-person"));

        // The same address writing again is a new customer with a clean history.
        var again = await adapter.SendAcked(AdapterSession.Message("e-3", "e-3", "Hello again", sender: "private-person"));
        Assert.NotEqual(first.CustomerId, again.CustomerId);
    }

    [Fact]
    public async Task Replies_still_waiting_for_the_erased_customers_adapter_are_never_delivered()
    {
        await using var node = await SwitchboardNode.Start();
        await node.Admin.UpsertAgentAsync(new() { Agent = new AgentProfile { AgentId = "ida", AutoAccept = true } });
        await node.Agents.SetPresenceAsync(new() { AgentId = "ida", Presence = Presence.Available });
        InboundAck erasedTicket;
        InboundAck keptTicket;
        await using (var away = await AdapterSession.Open(node, "sms-away"))
        {
            erasedTicket = await away.SendAcked(AdapterSession.Message("+15550177", "x-1", "Where is order 77?", sender: "+15550177", channel: Channel.Sms));
            keptTicket = await away.SendAcked(AdapterSession.Message("+15550188", "y-1", "Where is order 88?", sender: "+15550188", channel: Channel.Sms));
        }
        foreach (var ticket in new[] { erasedTicket.TicketId, keptTicket.TicketId })
        {
            await Eventually.Until(async () => (await node.Agents.GetTicketAsync(new() { TicketId = ticket })).Ticket.AssigneeAgentId == "ida");
        }
        // The adapter is away: both replies wait in its outbox.
        await node.Agents.ReplyAsync(new() { AgentId = "ida", TicketId = erasedTicket.TicketId, Body = "Order 77 ships to 12 Secret Lane on Monday." });
        await node.Agents.ReplyAsync(new() { AgentId = "ida", TicketId = keptTicket.TicketId, Body = "Order 88 ships on Tuesday." });

        await node.Admin.EraseCustomerAsync(new() { CustomerId = erasedTicket.CustomerId });

        Assert.Equal(1L, await OutboxRows(node.DatabasePath, "sms-away"));
        await using var back = await AdapterSession.Open(node, "sms-away");
        var redelivered = await back.NextOutbound();
        Assert.Equal((keptTicket.TicketId, "Order 88 ships on Tuesday."), (redelivered.TicketId, redelivered.Body));
        await back.Ack(redelivered.DeliverySequence);
        // The next reply goes out as usual, right after the one that waited: nothing of the erased customer came between.
        await node.Agents.ReplyAsync(new() { AgentId = "ida", TicketId = keptTicket.TicketId, Body = "Tracking: 1Z999." });
        var next = await back.NextOutbound();
        Assert.Equal((keptTicket.TicketId, "Tracking: 1Z999."), (next.TicketId, next.Body));
    }

    [Fact]
    public async Task Erasing_an_unknown_customer_is_not_found()
    {
        await using var node = await SwitchboardNode.Start();

        var refused = await Assert.ThrowsAsync<RpcException>(() => node.Admin.EraseCustomerAsync(new() { CustomerId = "c-nobody" }).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, refused.StatusCode);
    }

    private static Task<long> OutboxRows(string databasePath, string adapterId) =>
        NodeDatabase.CountAsync(databasePath, "SELECT COUNT(*) FROM outbox_deliveries WHERE adapter_id = $adapter", ("$adapter", adapterId));

    /// <summary>Rows of the ticket log and index that still hold the text, read with plain SQL.</summary>
    private static Task<long> RowsContaining(string databasePath, string text) => NodeDatabase.CountAsync(databasePath, """
        SELECT (SELECT COUNT(*) FROM ticket_events WHERE instr(payload, $text) > 0)
             + (SELECT COUNT(*) FROM tickets WHERE instr(preview, $text) > 0)
        """, ("$text", text));
}
