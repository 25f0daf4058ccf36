using System.ComponentModel.DataAnnotations;

namespace Switchboard.Silo.Hosting;

/// <summary>"Switchboard:Dashboard": the Orleans dashboard on an admin port of its own, off unless a port is set.</summary>
public sealed class AdminDashboardOptions
{
    public const string Section = "Switchboard:Dashboard";

    /// <summary>The admin port (HTTP/1.1); 0 (the default) leaves the dashboard off.</summary>
    [Range(0, 65535)]
    public int Port { get; set; }

    /// <summary>Where the admin port listens: "localhost" (loopback only, the default) or an IP address.</summary>
    [Required]
    public string ListenAddress { get; set; } = "localhost";

    public bool Enabled => Port != 0;
}
