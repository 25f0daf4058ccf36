namespace Switchboard.Contracts.Customers;

/// <summary>A customer, keyed "{tenant}/{customerId}": profile, identities, ticket history, last agent.</summary>
[Alias("switchboard.ICustomerGrain")]
public interface ICustomerGrain : IGrainWithStringKey
{
    /// <summary>
    /// Records an address of the customer (and a display name if none is known). One-way, sent by the directory off
    /// the message's path; idempotent, it writes only what the customer did not know.
    /// </summary>
    [Alias("Register"), OneWay]
    Task Register(string identity, string? displayName);

    /// <summary>Remembers the customer's last agent, a routing hint: an assignment does not wait for it to be stored.</summary>
    [Alias("SetPreferredAgent"), OneWay]
    Task SetPreferredAgent(string agentId);

    /// <summary>
    /// The customer's last agent, or null (also for a customer not stored yet): what a new ticket routes to first. A
    /// read that never waits, so an opening ticket does not wait for the customer's registration to be written.
    /// </summary>
    [Alias("PreferredAgent"), AlwaysInterleave]
    Task<string?> PreferredAgent();

    /// <summary>Erasure: forgets the profile and identities; returns what the caller must clean up elsewhere.</summary>
    [Alias("Erase")]
    Task<CustomerView> Erase();

    /// <summary>
    /// Merges one of this customer's tickets into another. The customer's grain runs one merge at a time and the
    /// tickets never call each other, so two agents merging the same pair in opposite directions cannot wait on
    /// each other: the second finds its source or target closed and is refused.
    /// </summary>
    [Alias("MergeTickets")]
    Task<Switchboard.Contracts.Tickets.TicketView> MergeTickets(string agentId, string sourceTicketId, string targetTicketId);

    /// <summary>The customer with every ticket the ticket index shows for it, oldest first.</summary>
    [Alias("Get")]
    Task<CustomerView> Get();
}
