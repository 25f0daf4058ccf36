using System.ComponentModel.DataAnnotations;

namespace Switchboard.Gateway.Cluster;

/// <summary>
/// How a gateway (an Orleans client) answers calls that were in flight to a silo that died, bound from
/// "Switchboard:Failover". Every setting: docs/configuration.md.
/// </summary>
public sealed class FailoverOptions
{
    public const string Section = "Switchboard:Failover";

    /// <summary>
    /// The Orleans client's response timeout: the last resort for a call nobody answers (a silo that hangs without
    /// dying). Calls lost with a dead silo are answered long before it; it must outlast the slowest legitimate call.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>After the gateway loses its connection to a silo, how often it reads the membership table for the death declaration.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:00:10")]
    public TimeSpan MembershipCheckInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long after a lost connection the gateway watches for a declaration before taking the loss for a blip.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan DeclarationWait { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Retry a lost call once when its RPC is idempotent (<see cref="IdempotentRpcs"/>), instead of answering UNAVAILABLE.</summary>
    public bool RetryIdempotentCalls { get; set; } = true;
}
