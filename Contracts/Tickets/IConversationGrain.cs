namespace Switchboard.Contracts.Tickets;

/// <summary>
/// An adapter's conversation, keyed "{tenant}/{adapterId}:{conversationId}": knows its current ticket and
/// serialises the conversation's inbound messages so one conversation never opens two tickets at once.
/// </summary>
[Alias("switchboard.IConversationGrain")]
public interface IConversationGrain : IGrainWithStringKey
{
    [Alias("Receive")]
    Task<InboundReceipt> Receive(CustomerMessage message);

    /// <summary>The ticket the conversation's messages go to now; null before its first message.</summary>
    [Alias("CurrentTicket")]
    Task<string?> CurrentTicket();
}
