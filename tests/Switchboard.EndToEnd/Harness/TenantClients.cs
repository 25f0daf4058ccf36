using Grpc.Core.Interceptors;
using Switchboard.V1;

namespace Switchboard.EndToEnd.Harness;

/// <summary>
/// Generated clients for one tenant of their own: <see cref="EnsureCreated"/> makes the tenant with the operator
/// key, and every call then carries that tenant's admin key and names the tenant in the <c>x-tenant-id</c> header.
/// </summary>
public sealed class TenantClients
{
    public const string Header = "x-tenant-id";

    private readonly SwitchboardNode _node;
    private readonly TenantClients _credentials;

    /// <param name="credentialsOf">Another tenant's clients whose key these calls carry (to send a header that does not match).</param>
    public TenantClients(SwitchboardNode node, string tenant, TenantClients? credentialsOf = null)
    {
        _node = node;
        _credentials = credentialsOf ?? this;
        Tenant = tenant;
        var invoker = node.Anonymous.Intercept(headers =>
        {
            headers.Add(Header, tenant);
            headers.Add("x-api-key", _credentials.ApiKey ?? throw new InvalidOperationException("Call EnsureCreated before calling the node."));
            return headers;
        });
        Channels = new ChannelService.ChannelServiceClient(invoker);
        Agents = new AgentService.AgentServiceClient(invoker);
        Admin = new AdminService.AdminServiceClient(invoker);
        Supervisor = new SupervisorService.SupervisorServiceClient(invoker);
    }

    public string Tenant { get; }

    public string? ApiKey { get; private set; }

    public ChannelService.ChannelServiceClient Channels { get; }

    public AgentService.AgentServiceClient Agents { get; }

    public AdminService.AdminServiceClient Admin { get; }

    public SupervisorService.SupervisorServiceClient Supervisor { get; }

    public async Task EnsureCreated()
    {
        if (ApiKey is null)
        {
            var created = await new AdminService.AdminServiceClient(_node.WithApiKey(SwitchboardNode.OperatorKey)).CreateTenantAsync(new() { TenantId = Tenant });
            ApiKey = created.AdminKeySecret;
        }
    }
}
