using Orleans.Placement;
using Switchboard.Contracts;
using Switchboard.Contracts.Customers;
using Switchboard.Silo.Tickets;

namespace Switchboard.Silo.Customers;

/// <summary>
/// One channel address: which customer it belongs to. The first contact creates the customer without a write on
/// the message's path: the id is derived from the address and its erasure count, so it is the same after any restart
/// or failover, and only an erasure writes here. The customer learns the address from the tickets opened from it.
/// </summary>
/// <remarks>
/// Asked once as a ticket opens, so it leaves memory as soon as it has answered: its record is read again on the next
/// ticket from the address. Held for its idle age (2 minutes, and 15 before that), the addresses were half of a busy
/// node's activations, and what a young-generation collection had to copy grew by half with them (see the
/// benchmark results). An erasure (<see cref="ICustomerDirectoryGrain.Forget"/>) writes before it answers.
/// </remarks>
[CollectionAgeLimit(Minutes = 2)]
[PreferLocalPlacement]
public sealed class CustomerDirectoryGrain(
    [PersistentState("directory", "switchboard")] IPersistentState<CustomerDirectoryState> state) : Grain, ICustomerDirectoryGrain
{
    Task<string> ICustomerDirectoryGrain.Resolve()
    {
        var (tenant, identity) = GrainKey.Parse(this.GetPrimaryKeyString());
        // Nothing here needs to stay in memory: the answer is derived from the record, which the next activation reads.
        DeactivateOnIdle();
        return Task.FromResult(CurrentCustomerId(tenant, identity));
    }

    async Task ICustomerDirectoryGrain.Forget(string customerId)
    {
        var (tenant, identity) = GrainKey.Parse(this.GetPrimaryKeyString());
        if (CurrentCustomerId(tenant, identity) == customerId)
        {
            var (stored, generation) = (state.State.CustomerId, state.State.Generation);
            state.State.CustomerId = null;
            state.State.Generation = generation + 1;
            try
            {
                await state.WriteStateAsync();
            }
            catch
            {
                // Not stored: the address still belongs to the customer, and the erasure's retry tries again.
                (state.State.CustomerId, state.State.Generation) = (stored, generation);
                throw;
            }
        }
    }

    private string CurrentCustomerId(string tenant, string identity) =>
        state.State.CustomerId ?? TicketIds.DerivedCustomerId(tenant, identity, state.State.Generation);
}
