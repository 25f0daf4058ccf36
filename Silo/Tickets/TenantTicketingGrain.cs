using Switchboard.Contracts.Tickets;

namespace Switchboard.Silo.Tickets;

/// <summary>A tenant's ticket configuration. Small, read by tickets when they change, changed by admins.</summary>
public sealed class TenantTicketingGrain(
    [PersistentState("ticketing", "switchboard")] IPersistentState<TenantTicketingState> state) : Grain, ITenantTicketingGrain
{
    async Task<TicketFieldDefinition> ITenantTicketingGrain.UpsertField(TicketFieldDefinition field)
    {
        state.State.Fields[field.FieldId] = field;
        await state.WriteStateAsync();
        return field;
    }

    Task<IReadOnlyList<TicketFieldDefinition>> ITenantTicketingGrain.ListFields() => Task.FromResult(Fields());

    private IReadOnlyList<TicketFieldDefinition> Fields() =>
        state.State.Fields.Values.OrderBy(f => f.FieldId, StringComparer.Ordinal).ToArray();
}
