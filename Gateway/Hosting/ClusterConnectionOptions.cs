using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace Switchboard.Gateway.Hosting;

/// <summary>
/// What every Switchboard process (single node, silo, gateway) reads from "Switchboard": where gRPC listens,
/// which cluster it belongs to and where that cluster's storage is. Every setting: docs/configuration.md.
/// </summary>
public sealed class ClusterConnectionOptions
{
    public const string Section = "Switchboard";

    /// <summary>The gRPC port (HTTP/2 cleartext). 0 picks a free port.</summary>
    [Range(0, 65535)]
    public int GrpcPort { get; set; } = 5000;

    /// <summary>Where the gRPC port listens: "localhost" (loopback only, the default) or an IP address.</summary>
    [Required]
    public string ListenAddress { get; set; } = "localhost";

    /// <summary>PEM certificate (chain) for TLS on the gRPC port; with it, one port serves HTTP/2 and HTTP/1.1 by ALPN.</summary>
    public string? TlsCertificatePath { get; set; }

    /// <summary>PEM private key for <see cref="TlsCertificatePath"/>.</summary>
    public string? TlsKeyPath { get; set; }

    /// <summary>Allow cleartext on a non-loopback address (only behind a TLS-terminating proxy on a private network).</summary>
    public bool AllowCleartextOffLoopback { get; set; }

    /// <summary>Orleans client gateway port: silos listen on it, gateways connect to it (single-host clustering).</summary>
    [Range(1, 65535)]
    public int OrleansGatewayPort { get; set; } = 30000;

    [Required]
    public string ClusterId { get; set; } = "switchboard";

    [Required]
    public string ServiceId { get; set; } = "switchboard";

    public StorageOptions Storage { get; set; } = new();

    /// <summary>Reads the section and refuses settings a process cannot start with, naming the setting.</summary>
    public static ClusterConnectionOptions From(IConfiguration configuration)
    {
        var options = SettingsValidation.Validated(configuration.GetSection(Section).Get<ClusterConnectionOptions>() ?? new ClusterConnectionOptions(), Section);
        options.Storage.Validate();
        return options;
    }
}
