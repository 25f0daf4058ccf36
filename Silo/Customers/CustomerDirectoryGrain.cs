using Switchboard.Contracts;
using Switchboard.Contracts.Customers;
using Switchboard.Silo.Tickets;

namespace Switchboard.Silo.Customers;

/// <summary>One channel address: which customer it belongs to. The first contact creates the customer.</summary>
public sealed class CustomerDirectoryGrain(
    [PersistentState("directory", "switchboard")] IPersistentState<CustomerDirectoryState> state) : Grain, ICustomerDirectoryGrain
{
    async Task<string> ICustomerDirectoryGrain.Resolve(string? displayName)
    {
        if (state.State.CustomerId is { } known)
        {
            return known;
        }
        var (tenant, identity) = GrainKey.Parse(this.GetPrimaryKeyString());
        var customerId = TicketIds.NewCustomerId();
        await GrainFactory.GetGrain<ICustomerGrain>(GrainKey.For(tenant, customerId)).Register(identity, displayName);
        state.State.CustomerId = customerId;
        await state.WriteStateAsync();
        return customerId;
    }

    async Task ICustomerDirectoryGrain.Forget(string customerId)
    {
        if (state.State.CustomerId == customerId)
        {
            state.State.CustomerId = null;
            await state.ClearStateAsync();
        }
    }
}
