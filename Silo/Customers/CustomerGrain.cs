using Switchboard.Contracts;
using Switchboard.Contracts.Customers;
using Switchboard.Contracts.Tickets;

namespace Switchboard.Silo.Customers;

/// <summary>A customer: profile, identities on each channel, ticket history and preferred agent.</summary>
public sealed class CustomerGrain(
    [PersistentState("customer", "switchboard")] IPersistentState<CustomerState> state) : Grain, ICustomerGrain
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
        if (state.State.Identities.Contains(identity))
        {
            return;
        }
        state.State.Identities.Add(identity);
        state.State.DisplayName ??= string.IsNullOrWhiteSpace(displayName) ? null : displayName;
        await state.WriteStateAsync();
    }

    async Task ICustomerGrain.AddTicket(string ticketId)
    {
        if (state.State.TicketIds.Contains(ticketId))
        {
            return;
        }
        state.State.TicketIds.Add(ticketId);
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

    async Task<CustomerView> ICustomerGrain.Erase()
    {
        var before = await ((ICustomerGrain)this).Get();
        state.State.DisplayName = null;
        state.State.Identities.Clear();
        state.State.PreferredAgentId = null;
        await state.WriteStateAsync();
        return before;
    }

    Task<CustomerView> ICustomerGrain.Get()
    {
        if (!state.RecordExists)
        {
            throw SwitchboardException.NotFound($"Customer '{GrainKey.Parse(this.GetPrimaryKeyString()).Id}' does not exist.");
        }
        var s = state.State;
        return Task.FromResult(new CustomerView(GrainKey.Parse(this.GetPrimaryKeyString()).Id, s.DisplayName, s.Identities.ToArray(), s.TicketIds.ToArray(), s.PreferredAgentId));
    }
}
