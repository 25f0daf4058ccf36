namespace Switchboard.Contracts.Customers;

/// <summary>A customer, keyed "{tenant}/{customerId}": profile, identities, ticket history, last agent.</summary>
[Alias("switchboard.ICustomerGrain")]
public interface ICustomerGrain : IGrainWithStringKey
{
    [Alias("Register")]
    Task Register(string identity, string? displayName);

    [Alias("AddTicket")]
    Task AddTicket(string ticketId);

    /// <summary>Remembers the customer's last agent, a routing hint: an assignment does not wait for it to be stored.</summary>
    [Alias("SetPreferredAgent"), OneWay]
    Task SetPreferredAgent(string agentId);

    /// <summary>Erasure: forgets the profile and identities; returns what the caller must clean up elsewhere.</summary>
    [Alias("Erase")]
    Task<CustomerView> Erase();

    [Alias("Get")]
    Task<CustomerView> Get();
}
