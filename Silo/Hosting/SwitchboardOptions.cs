using System.ComponentModel.DataAnnotations;

namespace Switchboard.Silo.Hosting;

/// <summary>The single node's settings, bound from "Switchboard" (see the README's configuration table).</summary>
public sealed class SwitchboardOptions
{
    public const string Section = "Switchboard";

    /// <summary>The SQLite file holding everything; relative paths are under the working directory.</summary>
    [Required]
    public string DatabasePath { get; set; } = "data/switchboard.db";

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

    /// <summary>Orleans silo-to-silo port.</summary>
    [Range(1, 65535)]
    public int SiloPort { get; set; } = 11111;

    /// <summary>Orleans client gateway port.</summary>
    [Range(1, 65535)]
    public int OrleansGatewayPort { get; set; } = 30000;

    [Required]
    public string ClusterId { get; set; } = "switchboard";

    [Required]
    public string ServiceId { get; set; } = "switchboard";
}
