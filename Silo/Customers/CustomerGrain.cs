using Switchboard.Contracts;
using Switchboard.Contracts.Customers;
using Switchboard.Contracts.Tickets;
using Switchboard.Silo.Storage;

namespace Switchboard.Silo.Customers;

/// <summary>
/// A customer: profile, identities on each channel, ticket history and preferred agent, all read from the ticket index's
/// rows for this customer (each written with its ticket's appends: the address and name it was opened with, its last
/// agent). Opening a ticket or assigning one writes nothing here; only erasure does. Records written before the index
/// carried these keep what they hold, read first.
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

    async Task<CustomerView> ICustomerGrain.Erase()
    {
        var (tenant, customerId) = GrainKey.Parse(this.GetPrimaryKeyString());
        var rows = await store.ReadCustomerAsync(tenant, customerId);
        EnsureExists(rows, customerId);
        // A retry after a partial erasure finds the tickets not yet redacted still naming their addresses; the ones
        // already redacted had their addresses forgotten first.
        var before = View(customerId, rows, erased: false);
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
        var rows = await store.ReadCustomerAsync(tenant, customerId);
        EnsureExists(rows, customerId);
        return View(customerId, rows, state.State.Erased);
    }

    /// <summary>
    /// The customer as their tickets' index rows show them, after what a record written before those rows existed
    /// holds: identities in the order the tickets were opened, the first name given, and the last agent of the most
    /// recently assigned ticket. An erased customer keeps only the list of their (redacted) tickets.
    /// </summary>
    private CustomerView View(string customerId, IReadOnlyList<CustomerTicketRow> rows, bool erased)
    {
        var s = state.State;
        var tickets = new List<string>(s.TicketIds);
        foreach (var row in rows)
        {
            if (!tickets.Contains(row.TicketId))
            {
                tickets.Add(row.TicketId);
            }
        }
        if (erased)
        {
            return new CustomerView(customerId, null, [], tickets, null);
        }
        var identities = new List<string>(s.Identities);
        var name = s.DisplayName;
        CustomerTicketRow? lastAssigned = null;
        foreach (var row in rows)
        {
            if (row.Identity is { } identity && !identities.Contains(identity))
            {
                identities.Add(identity);
            }
            name ??= row.Name;
            if (row.LastAssignedAt is { } at && row.LastAgentId is not null && (lastAssigned is null || at > lastAssigned.LastAssignedAt))
            {
                lastAssigned = row;
            }
        }
        return new CustomerView(customerId, name, identities, tickets, lastAssigned?.LastAgentId ?? s.PreferredAgentId);
    }

    private void EnsureExists(IReadOnlyList<CustomerTicketRow> rows, string customerId)
    {
        if (!state.RecordExists && rows.Count == 0)
        {
            throw SwitchboardException.NotFound($"Customer '{customerId}' does not exist.");
        }
    }
}
