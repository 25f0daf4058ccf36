using System.ComponentModel.DataAnnotations;

namespace Switchboard.Gateway.Security;

/// <summary>Authentication and per-key limits, bound from "Switchboard:Auth".</summary>
public sealed class AuthOptions
{
    public const string Section = "Switchboard:Auth";

    /// <summary>Secret for signing and checking bearer tokens (HMAC-SHA256); at least 32 characters. Unset: no tokens.</summary>
    public string? JwtSigningKey { get; set; }

    public string JwtIssuer { get; set; } = "switchboard";

    public string JwtAudience { get; set; } = "switchboard";

    /// <summary>A key that may create tenants (AdminService.CreateTenant). Unset: nobody can.</summary>
    public string? OperatorKey { get; set; }

    /// <summary>
    /// The demo tenant's admin key, fixed (e.g. for scripts and tests). Unset: a random one is made at first start
    /// and printed once.
    /// </summary>
    public string? DemoAdminKey { get; set; }

    /// <summary>Make and print a new demo admin key at this start (for when the printed one is lost).</summary>
    public bool ResetDemoAdminKey { get; set; }

    /// <summary>Sustained requests per second per key (stream frames do not count).</summary>
    [Range(1, 1_000_000)]
    public int RequestsPerSecond { get; set; } = 500;

    /// <summary>Requests a key may burst above the sustained rate.</summary>
    [Range(1, 1_000_000)]
    public int Burst { get; set; } = 1000;

    /// <summary>Streams one key may hold open at once.</summary>
    [Range(1, 100_000)]
    public int MaxStreamsPerKey { get; set; } = 200;

    /// <summary>How often open streams re-check their credential, so revocation ends them within this time.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan CredentialRecheck { get; set; } = TimeSpan.FromSeconds(2);
}
