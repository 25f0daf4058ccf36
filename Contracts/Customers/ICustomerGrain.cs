namespace Switchboard.Contracts.Customers;

/// <summary>
/// A customer, keyed "{tenant}/{customerId}": profile, identities, ticket history, last agent. All but the erasure mark
/// are read from the customer's tickets' index rows (each ticket records the address and name it was opened with and
/// its last agent), so neither a new conversation nor an assignment activates or writes the customer.
/// </summary>
[Alias("switchboard.ICustomerGrain")]
public interface ICustomerGrain : IGrainWithStringKey
{
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
