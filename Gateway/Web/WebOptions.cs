using System.ComponentModel.DataAnnotations;

namespace Switchboard.Gateway.Web;

/// <summary>The browser port's settings, bound from "Switchboard" (beside the gRPC port's).</summary>
public sealed class WebOptions
{
    public const string Section = "Switchboard";

    /// <summary>HTTP/1.1 port for the dashboard, the agent desk and their JSON and event-stream endpoints. 0 picks a free port.</summary>
    [Range(0, 65535)]
    public int WebPort { get; set; } = 5080;

    /// <summary>"localhost" (loopback only, the default) or an IP address; shared with the gRPC port.</summary>
    [Required]
    public string ListenAddress { get; set; } = "localhost";
}
