using Switchboard.Contracts;
using Switchboard.Contracts.Security;

namespace Switchboard.Silo.Security;

/// <summary>A tenant: its existence and the ids of its API keys (the keys themselves are their own grains).</summary>
public sealed class TenantGrain(
    [PersistentState("tenant", "switchboard")] IPersistentState<TenantState> state) : Grain, ITenantGrain
{
    async Task ITenantGrain.Create(string displayName)
    {
        if (state.RecordExists)
        {
            throw new SwitchboardException(SwitchboardError.AlreadyExists, $"Tenant '{this.GetPrimaryKeyString()}' already exists.");
        }
        state.State.DisplayName = displayName;
        await state.WriteStateAsync();
    }

    Task<bool> ITenantGrain.Exists() => Task.FromResult(state.RecordExists);

    async Task ITenantGrain.AddKey(string keyId)
    {
        if (!state.RecordExists)
        {
            throw SwitchboardException.NotFound($"Tenant '{this.GetPrimaryKeyString()}' does not exist.");
        }
        state.State.KeyIds.Add(keyId);
        await state.WriteStateAsync();
    }

    Task<IReadOnlyList<string>> ITenantGrain.KeyIds() => Task.FromResult<IReadOnlyList<string>>(state.State.KeyIds.ToArray());
}
