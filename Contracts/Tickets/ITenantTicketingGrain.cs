namespace Switchboard.Contracts.Tickets;

/// <summary>A tenant's ticket configuration, keyed "{tenant}": custom field definitions, macros and SLA policies.</summary>
[Alias("switchboard.ITenantTicketingGrain")]
public interface ITenantTicketingGrain : IGrainWithStringKey
{
    /// <summary>Creates or replaces a field definition; a drop-down needs at least one option.</summary>
    [Alias("UpsertField")]
    Task<TicketFieldDefinition> UpsertField(TicketFieldDefinition field);

    [Alias("ListFields")]
    Task<IReadOnlyList<TicketFieldDefinition>> ListFields();
}
