namespace Switchboard.Gateway.Web;

/// <summary>
/// Endpoint metadata: the gRPC method an /api route stands for ("switchboard.v1.AgentService/MergeTickets"). The
/// web port admits a caller to the route exactly when <see cref="Security.AccessPolicy"/> admits them to that
/// method, so the browser and gRPC can never differ on who may do what. An /api route without it is refused.
/// </summary>
public sealed record WrapsRpc(string Method)
{
    public static WrapsRpc Agent(string method) => new($"switchboard.v1.AgentService/{method}");

    public static WrapsRpc Supervisor(string method) => new($"switchboard.v1.SupervisorService/{method}");

    public static WrapsRpc Report(string method) => new($"switchboard.v1.ReportService/{method}");
}
