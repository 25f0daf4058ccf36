namespace Switchboard.Contracts.Security;

/// <summary>An API key as stored: never the secret, only its SHA-256 hash.</summary>
[GenerateSerializer, Immutable]
[Alias("switchboard.ApiKeyRecord")]
public sealed record ApiKeyRecord(
    [property: Id(0)] string KeyId,
    [property: Id(1)] string Tenant,
    [property: Id(2)] string Name,
    [property: Id(3)] CallerRole Role,
    [property: Id(4)] string? AdapterId,
    [property: Id(5)] string? AgentId,
    [property: Id(6)] string SecretHash,
    [property: Id(7)] DateTimeOffset CreatedAt,
    [property: Id(8)] DateTimeOffset? RevokedAt);
