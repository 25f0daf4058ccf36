namespace Switchboard.Contracts.Customers;

/// <summary>One address on one channel, keyed "{tenant}/{channel}:{address}": which customer it belongs to.</summary>
[Alias("switchboard.ICustomerDirectoryGrain")]
public interface ICustomerDirectoryGrain : IGrainWithStringKey
{
    /// <summary>The customer owning this address, created on first contact.</summary>
    [Alias("Resolve")]
    Task<string> Resolve(string? displayName);

    /// <summary>Erasure: the address no longer points at the customer; its next message starts a new one.</summary>
    [Alias("Forget")]
    Task Forget(string customerId);
}
