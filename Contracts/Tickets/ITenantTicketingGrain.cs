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

    /// <summary>Creates or replaces a macro; its placeholders and field values are checked now.</summary>
    [Alias("UpsertMacro")]
    Task<Macro> UpsertMacro(Macro macro);

    /// <summary>The macro; NotFound when there is none by that id.</summary>
    [Alias("GetMacro")]
    Task<Macro> GetMacro(string macroId);

    [Alias("ListMacros")]
    Task<IReadOnlyList<Macro>> ListMacros();

    /// <summary>Removes the macro; NotFound when there is none by that id.</summary>
    [Alias("DeleteMacro")]
    Task DeleteMacro(string macroId);

    /// <summary>Replaces the SLA policies; a ticket is measured against the first that matches it.</summary>
    [Alias("SetSlaPolicies")]
    Task SetSlaPolicies(IReadOnlyList<SlaPolicy> policies);

    [Alias("GetSlaPolicies")]
    Task<IReadOnlyList<SlaPolicy>> GetSlaPolicies();

    /// <summary>Replaces the satisfaction survey settings.</summary>
    [Alias("SetCsatSettings")]
    Task SetCsatSettings(CsatSettings settings);

    /// <summary>The satisfaction survey settings; off until an admin sets them.</summary>
    [Alias("GetCsatSettings")]
    Task<CsatSettings> GetCsatSettings();
}
