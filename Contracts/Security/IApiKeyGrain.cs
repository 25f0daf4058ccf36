namespace Switchboard.Contracts.Security;

/// <summary>One API key, keyed by its key id (the public part of the key).</summary>
[Alias("switchboard.IApiKeyGrain")]
public interface IApiKeyGrain : IGrainWithStringKey
{
    [Alias("Create")]
    Task Create(ApiKeyRecord key);

    /// <summary>The key, or null when no such key was ever created.</summary>
    [Alias("Get")]
    Task<ApiKeyRecord?> Get();

    [Alias("Revoke")]
    Task<ApiKeyRecord> Revoke(DateTimeOffset at);
}
