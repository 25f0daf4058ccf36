using Switchboard.Contracts;
using Switchboard.Contracts.Tickets;

namespace Switchboard.Silo.Tickets;

/// <summary>
/// Serialises one adapter conversation's messages and knows its current ticket; when that ticket is
/// closed, the next message opens a follow-up ticket linked to it.
/// </summary>
public sealed class ConversationGrain(
    [PersistentState("conversation", "switchboard")] IPersistentState<ConversationState> state) : Grain, IConversationGrain
{
    async Task<InboundReceipt> IConversationGrain.Receive(CustomerMessage message)
    {
        var (tenant, _) = GrainKey.Parse(this.GetPrimaryKeyString());
        string? followUpOf = null;
        if (state.State.CurrentTicketId is { } current)
        {
            var receipt = await Ticket(tenant, current).Receive(message, followUpOf: null);
            if (receipt is not null)
            {
                return receipt;
            }
            followUpOf = current;
        }

        // The new ticket id is durable before the ticket exists, so a retry lands on the same ticket.
        var ticketId = TicketIds.NewTicketId();
        state.State.CurrentTicketId = ticketId;
        await state.WriteStateAsync();
        return await Ticket(tenant, ticketId).Receive(message, followUpOf)
            ?? throw new InvalidOperationException($"New ticket {ticketId} reported itself closed.");
    }

    Task<string?> IConversationGrain.CurrentTicket() => Task.FromResult(state.State.CurrentTicketId);

    private ITicketGrain Ticket(string tenant, string ticketId) => GrainFactory.GetGrain<ITicketGrain>(GrainKey.For(tenant, ticketId));
}
