using System.Collections.Concurrent;

namespace Switchboard.Simulator.Customers;

/// <summary>The run's open conversations, found by the adapter's conversation id or by their ticket.</summary>
public sealed class ConversationBook
{
    private readonly ConcurrentDictionary<(string AdapterId, string ConversationId), Conversation> _byConversation = new();
    private readonly ConcurrentDictionary<string, Conversation> _byTicket = new(StringComparer.Ordinal);

    public void Open(Conversation conversation) => _byConversation[(conversation.Adapter.AdapterId, conversation.ConversationId)] = conversation;

    public void Ticketed(Conversation conversation, string ticketId)
    {
        conversation.TicketId = ticketId;
        _byTicket[ticketId] = conversation;
    }

    public Conversation? ByConversation(string adapterId, string conversationId) =>
        _byConversation.TryGetValue((adapterId, conversationId), out var conversation) ? conversation : null;

    public Conversation? ByTicket(string ticketId) => _byTicket.TryGetValue(ticketId, out var conversation) ? conversation : null;

    /// <summary>Forgets a finished conversation, so an endless demo run holds bounded memory.</summary>
    public void Close(Conversation conversation)
    {
        _byConversation.TryRemove((conversation.Adapter.AdapterId, conversation.ConversationId), out _);
        if (conversation.TicketId is { } ticketId)
        {
            _byTicket.TryRemove(ticketId, out _);
        }
    }
}
