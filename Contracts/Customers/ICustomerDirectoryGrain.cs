namespace Switchboard.Contracts.Customers;

/// <summary>One address on one channel, keyed "{tenant}/{channel}:{address}": which customer it belongs to.</summary>
[Alias("switchboard.ICustomerDirectoryGrain")]
public interface ICustomerDirectoryGrain : IGrainWithStringKey
{
    /// <summary>
    /// The customer owning this address: on first contact the one derived from it, which needs no write (the customer's
    /// identities and name come from the tickets opened from the address).
    /// </summary>
    [Alias("Resolve")]
    Task<string> Resolve();

    /// <summary>Erasure: the address no longer points at the customer; its next message starts a new one.</summary>
    [Alias("Forget")]
    Task Forget(string customerId);
}
