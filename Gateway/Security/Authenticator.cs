using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Grpc.Core;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Switchboard.Contracts.Security;
using Switchboard.Gateway.Cluster;

namespace Switchboard.Gateway.Security;

/// <summary>
/// Turns a call's credential (x-api-key header or "authorization: Bearer" token) into a caller identity.
/// API key records are cached per process for <see cref="AuthOptions.CredentialRecheck"/>, which bounds how
/// long a revoked key keeps working here.
/// </summary>
public sealed class Authenticator(IGrainFactory grains, LostCallRetry retry, IOptions<AuthOptions> options, TimeProvider clock)
{
    public const string ApiKeyHeader = "x-api-key";
    public const string TenantClaim = "tenant";
    public const string RoleClaim = "role";

    private readonly ConcurrentDictionary<string, (ApiKeyRecord? Key, DateTimeOffset FetchedAt)> _keys = new(StringComparer.Ordinal);
    private readonly JsonWebTokenHandler _tokens = new();

    public Task<CallerIdentity> Authenticate(ServerCallContext context) =>
        Authenticate(context.RequestHeaders.GetValue(ApiKeyHeader), context.RequestHeaders.GetValue("authorization"));

    /// <summary>From an API key, or an authorization header value ("Bearer &lt;token&gt;"); the key wins when both are sent.</summary>
    public async Task<CallerIdentity> Authenticate(string? apiKey, string? authorization)
    {
        if (!string.IsNullOrEmpty(apiKey))
        {
            return await FromApiKey(apiKey);
        }
        if (authorization is not null && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return await FromBearer(authorization["Bearer ".Length..].Trim());
        }
        throw Unauthenticated("This call needs a credential: an API key in the x-api-key header, or a bearer token in the authorization header.");
    }

    /// <summary>Whether the API key still holds (exists, not revoked), asking storage afresh; the cache takes the answer.</summary>
    public async Task<bool> StillValid(string keyId) => await Fetch(keyId, fresh: true) is { RevokedAt: null };

    /// <summary>Drops the cached record at once (this process just revoked or rotated the key).</summary>
    public void Forget(string keyId) => _keys.TryRemove(keyId, out _);

    public string IssueToken(string tenant, CallerRole role, string? agentId, TimeSpan validFor, out DateTimeOffset expiresAt)
    {
        var signingKey = SigningKey() ?? throw new RpcException(new Status(StatusCode.FailedPrecondition,
            "Bearer tokens are off: set Switchboard:Auth:JwtSigningKey (at least 32 characters) to sign them."));
        var now = clock.GetUtcNow();
        expiresAt = now + validFor;
        var claims = new Dictionary<string, object> { [TenantClaim] = tenant, [RoleClaim] = role.ToString().ToLowerInvariant() };
        return _tokens.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.Value.JwtIssuer,
            Audience = options.Value.JwtAudience,
            Subject = new System.Security.Claims.ClaimsIdentity([new System.Security.Claims.Claim("sub", agentId ?? role.ToString().ToLowerInvariant())]),
            Claims = claims,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expiresAt.UtcDateTime,
            SigningCredentials = new SigningCredentials(signingKey, SecurityAlgorithms.HmacSha256),
        });
    }

    private async Task<CallerIdentity> FromApiKey(string apiKey)
    {
        if (options.Value.OperatorKey is { Length: > 0 } operatorKey
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(apiKey), Encoding.UTF8.GetBytes(operatorKey)))
        {
            return new CallerIdentity("", CallerRole.Admin, null, null, "operator", IsApiKey: false) { IsOperator = true };
        }
        if (!ApiKeyToken.TryParse(apiKey, out var keyId, out var secret))
        {
            throw Unauthenticated("The x-api-key header does not hold a Switchboard API key (they look like sbk_<id>_<secret>).");
        }
        var key = await Fetch(keyId, fresh: false);
        if (key is null || !ApiKeyToken.Matches(secret, key.SecretHash))
        {
            throw Unauthenticated("The API key is not valid.");
        }
        if (key.RevokedAt is not null)
        {
            throw Unauthenticated($"The API key '{keyId}' was revoked; ask an admin of tenant '{key.Tenant}' for a new one.");
        }
        return new CallerIdentity(key.Tenant, key.Role, key.AgentId, key.AdapterId, key.KeyId, IsApiKey: true);
    }

    private async Task<CallerIdentity> FromBearer(string token)
    {
        var signingKey = SigningKey() ?? throw Unauthenticated("Bearer tokens are not accepted here (no signing key is configured); use an API key.");
        var result = await _tokens.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = options.Value.JwtIssuer,
            ValidAudience = options.Value.JwtAudience,
            IssuerSigningKey = signingKey,
            ClockSkew = TimeSpan.FromSeconds(30),
        });
        if (!result.IsValid)
        {
            throw Unauthenticated($"The bearer token is not valid: {result.Exception?.Message ?? "rejected"}.");
        }
        var claims = result.Claims;
        if (!claims.TryGetValue(TenantClaim, out var tenant) || !claims.TryGetValue(RoleClaim, out var roleText)
            || !Enum.TryParse<CallerRole>(roleText?.ToString(), ignoreCase: true, out var role))
        {
            throw Unauthenticated("The bearer token lacks the tenant or role claim.");
        }
        var subject = claims.TryGetValue("sub", out var sub) ? sub?.ToString() : null;
        return new CallerIdentity(tenant.ToString()!, role, role == CallerRole.Agent ? subject : null, null, $"jwt:{tenant}:{subject}", IsApiKey: false)
        {
            ExpiresAt = new DateTimeOffset(result.SecurityToken.ValidTo, TimeSpan.Zero),
        };
    }

    private async Task<ApiKeyRecord?> Fetch(string keyId, bool fresh)
    {
        var now = clock.GetUtcNow();
        if (!fresh && _keys.TryGetValue(keyId, out var cached) && now - cached.FetchedAt < options.Value.CredentialRecheck)
        {
            return cached.Key;
        }
        // A read, so a lookup a dead silo lost is retried whatever the call it authenticates.
        var key = await retry.OnceMore(() => grains.GetGrain<IApiKeyGrain>(keyId).Get(), "API key lookup");
        _keys[keyId] = (key, now);
        return key;
    }

    private SymmetricSecurityKey? SigningKey() =>
        options.Value.JwtSigningKey is { Length: >= 32 } secret ? new SymmetricSecurityKey(Encoding.UTF8.GetBytes(secret)) : null;

    private static RpcException Unauthenticated(string message) => new(new Status(StatusCode.Unauthenticated, message));
}
