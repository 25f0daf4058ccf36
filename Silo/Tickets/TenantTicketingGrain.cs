using Switchboard.Contracts;
using Switchboard.Contracts.Tickets;
using Switchboard.Silo.Tickets.Fields;
using Switchboard.Silo.Tickets.Macros;

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

    async Task<Macro> ITenantTicketingGrain.UpsertMacro(Macro macro)
    {
        if (macro.ReplyTemplate is { } template && MacroTemplate.UnknownPlaceholders(template).FirstOrDefault() is { } unknown)
        {
            throw SwitchboardException.Invalid("macro.reply_template",
                $"'{{{{{unknown}}}}}' is not a placeholder; use {string.Join(", ", MacroTemplate.Placeholders.Select(p => $"{{{{{p}}}}}"))}");
        }
        var fields = CustomFieldRules.Normalize(macro.Changes.Fields, Fields(), "macro.custom_fields");
        var saved = macro with { Changes = macro.Changes with { Fields = fields } };
        state.State.Macros[macro.MacroId] = saved;
        await state.WriteStateAsync();
        return saved;
    }

    Task<Macro> ITenantTicketingGrain.GetMacro(string macroId) => Task.FromResult(Macro(macroId));

    Task<IReadOnlyList<Macro>> ITenantTicketingGrain.ListMacros() =>
        Task.FromResult<IReadOnlyList<Macro>>(state.State.Macros.Values.OrderBy(m => m.MacroId, StringComparer.Ordinal).ToArray());

    async Task ITenantTicketingGrain.DeleteMacro(string macroId)
    {
        Macro(macroId);
        state.State.Macros.Remove(macroId);
        await state.WriteStateAsync();
    }

    async Task ITenantTicketingGrain.SetSlaPolicies(IReadOnlyList<SlaPolicy> policies)
    {
        state.State.SlaPolicies = policies.ToList();
        await state.WriteStateAsync();
    }

    Task<IReadOnlyList<SlaPolicy>> ITenantTicketingGrain.GetSlaPolicies() => Task.FromResult<IReadOnlyList<SlaPolicy>>(state.State.SlaPolicies.ToArray());

    async Task ITenantTicketingGrain.SetCsatSettings(CsatSettings settings)
    {
        state.State.Csat = settings;
        await state.WriteStateAsync();
    }

    Task<CsatSettings> ITenantTicketingGrain.GetCsatSettings() => Task.FromResult(state.State.Csat);

    private Macro Macro(string macroId) =>
        state.State.Macros.TryGetValue(macroId, out var macro)
            ? macro
            : throw SwitchboardException.NotFound($"Macro '{macroId}' does not exist; create it with AdminService.UpsertMacro.");

    private IReadOnlyList<TicketFieldDefinition> Fields() =>
        state.State.Fields.Values.OrderBy(f => f.FieldId, StringComparer.Ordinal).ToArray();
}
