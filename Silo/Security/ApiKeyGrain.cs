using Switchboard.Contracts;
using Switchboard.Contracts.Security;

namespace Switchboard.Silo.Security;

/// <summary>One API key's record; revocation is kept (not deleted) so the key can never come back.</summary>
public sealed class ApiKeyGrain(
    [PersistentState("apikey", "switchboard")] IPersistentState<ApiKeyState> state) : Grain, IApiKeyGrain
{
    async Task IApiKeyGrain.Create(ApiKeyRecord key)
    {
        if (state.State.Key is not null)
        {
            throw new SwitchboardException(SwitchboardError.AlreadyExists, $"API key '{key.KeyId}' already exists.");
        }
        state.State.Key = key;
        await state.WriteStateAsync();
    }

    Task<ApiKeyRecord?> IApiKeyGrain.Get() => Task.FromResult(state.State.Key);

    async Task<ApiKeyRecord> IApiKeyGrain.Revoke(DateTimeOffset at)
    {
        var key = state.State.Key ?? throw SwitchboardException.NotFound($"API key '{this.GetPrimaryKeyString()}' does not exist.");
        if (key.RevokedAt is null)
        {
            state.State.Key = key with { RevokedAt = at };
            await state.WriteStateAsync();
        }
        return state.State.Key;
    }
}
