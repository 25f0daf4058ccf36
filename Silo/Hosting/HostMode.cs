namespace Switchboard.Silo.Hosting;

/// <summary>The values of "Switchboard:Mode" (or <c>--mode</c>).</summary>
public static class HostMode
{
    /// <summary>One process with the silo and the gRPC gateway (the default).</summary>
    public const string SingleNode = "single";

    /// <summary>A silo only, answering gRPC health checks; gateways serve the API.</summary>
    public const string SiloOnly = "silo";

    /// <summary>A gateway only: an Orleans client of the cluster serving the gRPC API.</summary>
    public const string GatewayOnly = "gateway";

    public static string Validate(string? mode) => mode?.ToLowerInvariant() switch
    {
        SingleNode or SiloOnly or GatewayOnly => mode.ToLowerInvariant(),
        _ => throw new InvalidOperationException(
            $"Switchboard:Mode (--mode) is '{mode}'; set it to '{SingleNode}', '{SiloOnly}' or '{GatewayOnly}'."),
    };
}
