namespace Switchboard.Contracts.Security;

/// <summary>A tenant, keyed by its id: whether it exists and which API keys it has.</summary>
[Alias("switchboard.ITenantGrain")]
public interface ITenantGrain : IGrainWithStringKey
{
    /// <summary>Creates the tenant; AlreadyExists if it does.</summary>
    [Alias("Create")]
    Task Create(string displayName);

    [Alias("Exists")]
    Task<bool> Exists();

    [Alias("AddKey")]
    Task AddKey(string keyId);

    [Alias("KeyIds")]
    Task<IReadOnlyList<string>> KeyIds();
}
