using Switchboard.Contracts;
using Switchboard.Contracts.Customers;
using Switchboard.Silo.Tickets;

namespace Switchboard.Silo.Customers;

/// <summary>
/// One channel address: which customer it belongs to. The first contact creates the customer without a write on
/// the message's path: the id is derived from the address and its erasure count, so it is the same after any restart
/// or failover, and only an erasure writes here.
/// </summary>
public sealed class CustomerDirectoryGrain(
    [PersistentState("directory", "switchboard")] IPersistentState<CustomerDirectoryState> state) : Grain, ICustomerDirectoryGrain
{
    /// <summary>Whether this activation has told the customer about the address (one-way, so once per activation).</summary>
    private bool _registered;

    Task<string> ICustomerDirectoryGrain.Resolve(string? displayName)
    {
        var (tenant, identity) = GrainKey.Parse(this.GetPrimaryKeyString());
        var customerId = CurrentCustomerId(tenant, identity);
        if (!_registered)
        {
            // One-way and idempotent (the customer writes only an identity it did not know): a registration lost with a
            // silo is sent again by the next activation, and erasure finds the address in the tickets' logs anyway.
            _registered = true;
            GrainFactory.GetGrain<ICustomerGrain>(GrainKey.For(tenant, customerId)).Register(identity, displayName).Ignore();
        }
        return Task.FromResult(customerId);
    }

    async Task ICustomerDirectoryGrain.Forget(string customerId)
    {
        var (tenant, identity) = GrainKey.Parse(this.GetPrimaryKeyString());
        if (CurrentCustomerId(tenant, identity) == customerId)
        {
            var (stored, generation) = (state.State.CustomerId, state.State.Generation);
            state.State.CustomerId = null;
            state.State.Generation = generation + 1;
            _registered = false;
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
