using Orleans.Placement;
using Orleans.Storage;
using Switchboard.Contracts;
using Switchboard.Contracts.Customers;
using Switchboard.Silo.Storage.Sqlite;
using Switchboard.Silo.Tickets;

namespace Switchboard.Silo.Customers;

/// <summary>
/// One channel address: which customer it belongs to. The first contact creates the customer without a write on
/// the message's path: the id is derived from the address and its erasure count, so it is the same after any restart
/// or failover, and only an erasure writes here. The customer learns the address from the tickets opened from it.
/// </summary>
/// <remarks>
/// A ticket opening reads the address's record itself (<see cref="ResolveStored"/>) instead of activating the address,
/// which took an activation, its placement, its grain-directory entry and its deactivation for every new ticket, for an
/// answer the record alone decides. The grain serves erasures (<see cref="ICustomerDirectoryGrain.Forget"/>, stored before it
/// answers, so a ticket opening after it reads the new record) and callers that ask it; it leaves memory as soon as it
/// has answered. Held for its idle age (2 minutes, and 15 before that), the addresses were half of a busy node's
/// activations, and what a young-generation collection had to copy grew by half with them (see the benchmark results).
/// </remarks>
[CollectionAgeLimit(Minutes = 2)]
[PreferLocalPlacement]
public sealed class CustomerDirectoryGrain(
    [PersistentState(CustomerDirectoryGrain.StateName, SqliteStorageExtensions.StorageName)] IPersistentState<CustomerDirectoryState> state) : Grain, ICustomerDirectoryGrain
{
    /// <summary>The name the address's record is stored under.</summary>
    public const string StateName = "directory";

    /// <summary>
    /// The customer <paramref name="address"/> (a directory grain's id) belongs to, read from its record in
    /// <paramref name="storage"/> (the provider the grain's state is in) without activating it. A read the database
    /// fails throws, as the grain's activation would.
    /// </summary>
    public static async Task<string> ResolveStored(IGrainStorage storage, GrainId address)
    {
        var record = new GrainState<CustomerDirectoryState>(new CustomerDirectoryState());
        await storage.ReadStateAsync(StateName, address, record);
        var (tenant, identity) = GrainKey.Parse(address.Key.ToString()!);
        return CustomerIdOf(record.State ?? new CustomerDirectoryState(), tenant, identity);
    }

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

    private string CurrentCustomerId(string tenant, string identity) => CustomerIdOf(state.State, tenant, identity);

    private static string CustomerIdOf(CustomerDirectoryState record, string tenant, string identity) =>
        record.CustomerId ?? TicketIds.DerivedCustomerId(tenant, identity, record.Generation);
}
