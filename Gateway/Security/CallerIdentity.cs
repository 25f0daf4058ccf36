using Switchboard.Contracts.Security;

namespace Switchboard.Gateway.Security;

/// <summary>Who is calling, established once per call from its API key or bearer token.</summary>
/// <param name="CredentialId">The key id, or the token's subject; limits and revocation are per credential.</param>
public sealed record CallerIdentity(string Tenant, CallerRole Role, string? AgentId, string? AdapterId, string CredentialId, bool IsApiKey)
{
    /// <summary>The operator, who may create tenants and nothing else.</summary>
    public bool IsOperator { get; init; }

    /// <summary>When a bearer token stops being valid; null for API keys.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }
}
