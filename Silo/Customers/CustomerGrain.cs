using Switchboard.Contracts;
using Switchboard.Contracts.Customers;
using Switchboard.Contracts.Tickets;
using Switchboard.Silo.Storage;
using Switchboard.Silo.Tickets.Events;

namespace Switchboard.Silo.Customers;

/// <summary>
/// A customer: profile, identities on each channel, ticket history and preferred agent. The ticket history is the
/// ticket index's rows for this customer (written with each ticket's opening append), so opening a ticket writes
/// nothing here, and a registration lost with a silo loses no ticket.
/// </summary>
public sealed class CustomerGrain(
    [PersistentState("customer", "switchboard")] IPersistentState<CustomerState> state, ITicketLogStore store) : Grain, ICustomerGrain
{
    async Task<TicketView> ICustomerGrain.MergeTickets(string agentId, string sourceTicketId, string targetTicketId)
    {
        var (tenant, customerId) = GrainKey.Parse(this.GetPrimaryKeyString());
        var target = GrainFactory.GetGrain<ITicketGrain>(GrainKey.For(tenant, targetTicketId));
        // Target checks first, then the source checks itself and closes; if either refuses, nothing has changed.
        await target.CheckAbsorb(sourceTicketId);
        await GrainFactory.GetGrain<ITicketGrain>(GrainKey.For(tenant, sourceTicketId)).MergeInto(agentId, targetTicketId, customerId);
        return await target.RecordMergedFrom(agentId, sourceTicketId);
    }

    async Task ICustomerGrain.Register(string identity, string? displayName)
    {
        var name = string.IsNullOrWhiteSpace(displayName) ? null : displayName;
        // Registrations are one-way and may arrive in any order: a known address still brings a name not yet known.
        if (state.State.Erased || (state.State.Identities.Contains(identity) && (name is null || state.State.DisplayName is not null)))
        {
            return;
        }
        if (!state.State.Identities.Contains(identity))
        {
            state.State.Identities.Add(identity);
        }
        state.State.DisplayName ??= name;
        await state.WriteStateAsync();
    }

    async Task ICustomerGrain.SetPreferredAgent(string agentId)
    {
        if (state.State.PreferredAgentId == agentId)
        {
            return;
        }
        state.State.PreferredAgentId = agentId;
        await state.WriteStateAsync();
    }

    Task<string?> ICustomerGrain.PreferredAgent() => Task.FromResult(state.State.PreferredAgentId);

    async Task<CustomerView> ICustomerGrain.Erase()
    {
        var (tenant, customerId) = GrainKey.Parse(this.GetPrimaryKeyString());
        var tickets = await TicketIds(tenant, customerId);
        EnsureExists(tickets, customerId);
        // Registrations are one-way, so the addresses the tickets were opened from count too: none stays behind.
        var identities = new List<string>(state.State.Identities);
        foreach (var ticketId in tickets)
        {
            foreach (var stored in await store.ReadAsync(tenant, ticketId))
            {
                if (TicketEventCodec.Decode(stored) is TicketOpened opened && opened.CustomerAddress != CustomerErased.Redacted)
                {
                    var identity = CustomerIdentity.Of(opened.Channel, opened.CustomerAddress);
                    if (!identities.Contains(identity))
                    {
                        identities.Add(identity);
                    }
                }
                break;
            }
        }
        var before = new CustomerView(customerId, state.State.DisplayName, identities, tickets, state.State.PreferredAgentId);
        state.State.DisplayName = null;
        state.State.Identities.Clear();
        state.State.PreferredAgentId = null;
        state.State.Erased = true;
        await state.WriteStateAsync();
        return before;
    }

    async Task<CustomerView> ICustomerGrain.Get()
    {
        var (tenant, customerId) = GrainKey.Parse(this.GetPrimaryKeyString());
        var tickets = await TicketIds(tenant, customerId);
        EnsureExists(tickets, customerId);
        var s = state.State;
        return new CustomerView(customerId, s.DisplayName, s.Identities.ToArray(), tickets, s.PreferredAgentId);
    }

    /// <summary>The tickets listed in the record (written before the index was read for this), then the index's.</summary>
    private async Task<IReadOnlyList<string>> TicketIds(string tenant, string customerId)
    {
        var indexed = await store.ReadCustomerTicketsAsync(tenant, customerId);
        if (state.State.TicketIds.Count == 0)
        {
            return indexed;
        }
        return state.State.TicketIds.Concat(indexed.Where(id => !state.State.TicketIds.Contains(id))).ToArray();
    }

    private void EnsureExists(IReadOnlyList<string> tickets, string customerId)
    {
        if (!state.RecordExists && tickets.Count == 0)
        {
            throw SwitchboardException.NotFound($"Customer '{customerId}' does not exist.");
        }
    }
}
