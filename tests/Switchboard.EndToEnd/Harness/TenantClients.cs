using Grpc.Core.Interceptors;
using Switchboard.V1;

namespace Switchboard.EndToEnd.Harness;

/// <summary>Generated clients whose every call names one tenant in the <c>x-tenant-id</c> header.</summary>
public sealed class TenantClients
{
    public const string Header = "x-tenant-id";

    public TenantClients(SwitchboardNode node, string tenant)
    {
        Tenant = tenant;
        var invoker = node.Invoker.Intercept(headers =>
        {
            headers.Add(Header, tenant);
            return headers;
        });
        Channels = new ChannelService.ChannelServiceClient(invoker);
        Agents = new AgentService.AgentServiceClient(invoker);
        Admin = new AdminService.AdminServiceClient(invoker);
        Supervisor = new SupervisorService.SupervisorServiceClient(invoker);
    }

    public string Tenant { get; }

    public ChannelService.ChannelServiceClient Channels { get; }

    public AgentService.AgentServiceClient Agents { get; }

    public AdminService.AdminServiceClient Admin { get; }

    public SupervisorService.SupervisorServiceClient Supervisor { get; }
}
