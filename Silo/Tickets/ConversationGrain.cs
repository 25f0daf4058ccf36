using Orleans.Placement;
using Switchboard.Contracts;
using Switchboard.Contracts.Tickets;

namespace Switchboard.Silo.Tickets;

/// <summary>
/// Serialises one adapter conversation's messages and knows its current ticket; when that ticket is
/// closed, the next message opens a follow-up ticket linked to it. The first ticket's id is derived from the
/// conversation, so a new conversation is stored by its ticket's opening append alone; only a follow-up's id is
/// written here (conversations stored before ids were derived keep the ticket they name).
/// </summary>
/// <remarks>
/// It leaves memory when its ticket is solved or closed (the ticket says so), or idle for 5 minutes (not after Orleans'
/// default 15): a busy node opens hundreds of conversations a second, and each activation held is about 4 KB the
/// garbage collector walks. A later message reads its state again.
/// <para>
/// Placement: the gateway's calls reach the cluster through the silo its connection serves, so a conversation lands
/// there (local placement), and its tickets and their address lookups follow it onto the same silo. Orleans' default
/// since 9.2 (resource-optimized) weighs the silos' load for each new grain, preferring the caller's silo only within
/// a margin: 2 of 16 tickets landed away from their conversation on a test's two idle silos (PlacementTests), each
/// costing a network hop each way for every message batch. Gateways spread their calls across the silos, so
/// conversations still spread across the cluster.
/// </para>
/// </remarks>
[CollectionAgeLimit(Minutes = IdleMinutes)]
[PreferLocalPlacement]
public sealed class ConversationGrain(
    [PersistentState("conversation", "switchboard")] IPersistentState<ConversationState> state) : Grain, IConversationGrain
{
    /// <summary>How long an idle conversation stays in memory.</summary>
    public const double IdleMinutes = 5;

    /// <summary>The derived first ticket id, hashed once per activation rather than per message.</summary>
    private string? _firstTicketId;

    async Task<InboundReceipt> IConversationGrain.Receive(CustomerMessage message) => (await ReceiveAll([message]))[0];

    Task<IReadOnlyList<InboundReceipt>> IConversationGrain.ReceiveAll(IReadOnlyList<CustomerMessage> messages) => ReceiveAll(messages);

    private async Task<IReadOnlyList<InboundReceipt>> ReceiveAll(IReadOnlyList<CustomerMessage> messages)
    {
        var (tenant, conversation) = GrainKey.Parse(this.GetPrimaryKeyString());
        var current = CurrentTicketId(tenant, conversation);
        var receipts = await Ticket(tenant, current).ReceiveAll(messages, followUpOf: null);
        if (!receipts.Contains(null))
        {
            return receipts!;
        }
        var refused = Enumerable.Range(0, messages.Count).Where(i => receipts[i] is null).ToArray();

        // The current ticket is closed. The new ticket id is durable before the ticket exists, so a retry lands on
        // the same ticket.
        var ticketId = TicketIds.NewTicketId();
        state.State.CurrentTicketId = ticketId;
        await state.WriteStateAsync();
        var followUps = await Ticket(tenant, ticketId).ReceiveAll(Array.ConvertAll(refused, i => messages[i]), followUpOf: current);
        var all = new InboundReceipt[messages.Count];
        for (var i = 0; i < all.Length; i++)
        {
            all[i] = receipts[i]!;
        }
        for (var j = 0; j < refused.Length; j++)
        {
            all[refused[j]] = followUps[j] ?? throw new InvalidOperationException($"New ticket {ticketId} reported itself closed.");
        }
        return all;
    }

    async Task<string?> IConversationGrain.CurrentTicket()
    {
        if (state.State.CurrentTicketId is { } stored)
        {
            return stored;
        }
        // The derived first ticket counts once it exists: before the first message the conversation has none.
        var (tenant, conversation) = GrainKey.Parse(this.GetPrimaryKeyString());
        var derived = FirstTicketId(tenant, conversation);
        return await Ticket(tenant, derived).Exists() ? derived : null;
    }

    Task IConversationGrain.TicketEnded(string ticketId)
    {
        var (tenant, conversation) = GrainKey.Parse(this.GetPrimaryKeyString());
        if (ticketId == CurrentTicketId(tenant, conversation))
        {
            // Its ticket is done, so the next message, if any, may be a while: nothing here is lost by going now.
            DeactivateOnIdle();
        }
        return Task.CompletedTask;
    }

    /// <summary>The ticket the conversation's messages go to: the one stored here, else the derived first one.</summary>
    private string CurrentTicketId(string tenant, string conversation) => state.State.CurrentTicketId ?? FirstTicketId(tenant, conversation);

    private string FirstTicketId(string tenant, string conversation) => _firstTicketId ??= TicketIds.DerivedTicketId(tenant, conversation);

    private ITicketGrain Ticket(string tenant, string ticketId) => GrainFactory.GetGrain<ITicketGrain>(GrainKey.For(tenant, ticketId));
}
