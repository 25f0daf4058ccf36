using Switchboard.Contracts.Security;

namespace Switchboard.Gateway.Security;

/// <summary>
/// Which roles may call which RPC. Admin may call everything of its tenant. Methods not listed are refused,
/// so a new RPC is closed until someone decides who may call it. Per-resource checks (an agent's own id,
/// an adapter's own id, a ticket in the agent's reach) are made by the services.
/// </summary>
public static class AccessPolicy
{
    private static readonly Dictionary<string, CallerRole[]> Roles = new(StringComparer.Ordinal)
    {
        ["switchboard.v1.ChannelService"] = [CallerRole.Adapter],
        ["switchboard.v1.AgentService"] = [CallerRole.Agent],
        ["switchboard.v1.AgentService/GetTicket"] = [CallerRole.Agent, CallerRole.Supervisor],
        ["switchboard.v1.AgentService/ListTicketEvents"] = [CallerRole.Agent, CallerRole.Supervisor],
        ["switchboard.v1.AgentService/ListCustomerTickets"] = [CallerRole.Agent, CallerRole.Supervisor],
        ["switchboard.v1.SupervisorService"] = [CallerRole.Supervisor],
        ["switchboard.v1.ReportService"] = [CallerRole.Supervisor],
        ["switchboard.v1.AdminService"] = [],
    };

    private static readonly string[] Anonymous = ["/grpc.health.v1.Health/", "/grpc.reflection.v1alpha.ServerReflection/", "/grpc.reflection.v1.ServerReflection/"];

    /// <summary>Health checks and server reflection need no credential.</summary>
    public static bool IsAnonymous(string method) => Anonymous.Any(prefix => method.StartsWith(prefix, StringComparison.Ordinal));

    public static bool IsOperatorMethod(string method) => method == "/switchboard.v1.AdminService/CreateTenant";

    /// <summary>Whether the role may call "/package.Service/Method".</summary>
    public static bool Allows(CallerRole role, string method)
    {
        if (role == CallerRole.Admin)
        {
            return !IsOperatorMethod(method);
        }
        var trimmed = method.TrimStart('/');
        if (Roles.TryGetValue(trimmed, out var forMethod))
        {
            return forMethod.Contains(role);
        }
        var service = trimmed.Split('/')[0];
        return Roles.TryGetValue(service, out var forService) && forService.Contains(role);
    }
}
