using Switchboard.V1;

namespace Switchboard.EndToEnd.Harness;

/// <summary>The arrangements most ticket scenarios start from.</summary>
public static class Scenario
{
    /// <summary>An agent with an open desk, available, accepting every offer.</summary>
    public static async Task<DeskSession> AvailableAgent(SwitchboardNode node, string agentId, string? displayName = null)
    {
        await node.Admin.UpsertAgentAsync(new() { Agent = new AgentProfile { AgentId = agentId, DisplayName = displayName ?? agentId, AutoAccept = true } });
        var desk = await DeskSession.Open(node, agentId);
        await node.Agents.SetPresenceAsync(new() { AgentId = agentId, Presence = Presence.Available });
        return desk;
    }

    /// <summary>An agent who exists but is offline, so tickets wait in line.</summary>
    public static Task OfflineAgent(SwitchboardNode node, string agentId) =>
        node.Admin.UpsertAgentAsync(new() { Agent = new AgentProfile { AgentId = agentId } }).ResponseAsync;

    /// <summary>A customer writes in on a new conversation and the (auto-accepting) desk gets the ticket.</summary>
    public static async Task<InboundAck> AssignedTicket(AdapterSession adapter, DeskSession desk, string conversationId, string body = "Hello, I need help", string? senderName = null)
    {
        var message = AdapterSession.Message(conversationId, $"{conversationId}-1", body, sender: $"sender-{conversationId}");
        if (senderName is not null)
        {
            message.SenderName = senderName;
        }
        var ack = await adapter.SendAcked(message);
        await desk.Inbox.Next(e => e.EventCase == StreamDeskResponse.EventOneofCase.TicketAssigned && e.TicketAssigned.Ticket.TicketId == ack.TicketId);
        return ack;
    }

    public static async Task<Ticket> Ticket(SwitchboardNode node, string ticketId) =>
        (await node.Agents.GetTicketAsync(new() { TicketId = ticketId })).Ticket;
}
