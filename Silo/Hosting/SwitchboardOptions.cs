using System.ComponentModel.DataAnnotations;

namespace Switchboard.Silo.Hosting;

/// <summary>
/// The silo's own settings, bound from "Switchboard" beside the shared
/// <see cref="Gateway.Hosting.ClusterConnectionOptions"/> (every setting: docs/configuration.md).
/// </summary>
public sealed class SwitchboardOptions
{
    public const string Section = "Switchboard";

    /// <summary>What this process runs: <c>single</c> (silo and gateway), <c>silo</c> or <c>gateway</c>.</summary>
    [Required]
    public string Mode { get; set; } = HostMode.SingleNode;

    /// <summary>The SQLite file holding everything when Storage:Kind is sqlite; relative paths are under the working directory.</summary>
    [Required]
    public string DatabasePath { get; set; } = "data/switchboard.db";

    /// <summary>Orleans silo-to-silo port.</summary>
    [Range(1, 65535)]
    public int SiloPort { get; set; } = 11111;

    /// <summary>The IP address this silo publishes in the membership table for other silos and gateways to reach it.</summary>
    [Required]
    public string AdvertisedAddress { get; set; } = "127.0.0.1";
}
