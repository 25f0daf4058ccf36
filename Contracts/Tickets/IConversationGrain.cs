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

    /// <summary>
    /// Messages of this conversation, in order, stored together (one durable write when they go to one ticket);
    /// returns their receipts in the same order.
    /// </summary>
    [Alias("ReceiveAll")]
    Task<IReadOnlyList<InboundReceipt>> ReceiveAll(IReadOnlyList<CustomerMessage> messages);

    /// <summary>The ticket the conversation's messages go to now; null before its first message.</summary>
    [Alias("CurrentTicket")]
    Task<string?> CurrentTicket();

    /// <summary>
    /// The ticket <paramref name="ticketId"/> was solved or closed: if it is the conversation's current ticket, the
    /// conversation leaves memory once idle (its next message reads its record again). Sent by the ticket.
    /// </summary>
    [Alias("TicketEnded"), OneWay]
    Task TicketEnded(string ticketId);
}
