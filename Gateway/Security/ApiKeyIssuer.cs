using Switchboard.Contracts;
using Switchboard.Contracts.Security;

namespace Switchboard.Gateway.Security;

/// <summary>Makes API keys: stores the record with the secret's hash, lists it under the tenant, returns the key once.</summary>
public sealed class ApiKeyIssuer(IGrainFactory grains, TimeProvider clock)
{
    public async Task<(ApiKeyRecord Key, string Token)> Create(string tenant, string name, CallerRole role, string? adapterId, string? agentId)
    {
        var (keyId, secret, token) = ApiKeyToken.Generate();
        return (await Store(tenant, name, role, adapterId, agentId, keyId, secret), token);
    }

    /// <summary>Stores a key whose token is given (a configured demo key); nothing if that key id exists.</summary>
    public async Task<ApiKeyRecord> EnsureFixed(string tenant, string name, CallerRole role, string token)
    {
        if (!ApiKeyToken.TryParse(token, out var keyId, out var secret))
        {
            throw new InvalidOperationException("Switchboard:Auth:DemoAdminKey must look like sbk_<id>_<secret> (id: lowercase letters and digits; secret: 16-128 characters).");
        }
        var key = grains.GetGrain<IApiKeyGrain>(keyId);
        try
        {
            return await key.Get() ?? await Store(tenant, name, role, null, null, keyId, secret);
        }
        catch (SwitchboardException e) when (e.Error == SwitchboardError.AlreadyExists)
        {
            // Another gateway of the cluster, starting at the same moment, stored it first.
            return (await key.Get())!;
        }
    }

    private async Task<ApiKeyRecord> Store(string tenant, string name, CallerRole role, string? adapterId, string? agentId, string keyId, string secret)
    {
        var record = new ApiKeyRecord(keyId, tenant, name, role, adapterId, agentId, ApiKeyToken.Hash(secret), clock.GetUtcNow(), null);
        await grains.GetGrain<IApiKeyGrain>(keyId).Create(record);
        await grains.GetGrain<ITenantGrain>(tenant).AddKey(keyId);
        return record;
    }
}
