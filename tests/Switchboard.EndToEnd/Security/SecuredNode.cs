using Grpc.Core;
using Switchboard.EndToEnd.Harness;
using Switchboard.V1;

namespace Switchboard.EndToEnd.Security;

/// <summary>One node with a credential of every role in the demo tenant, and a second tenant to trespass on.</summary>
public sealed class SecuredNode : IAsyncLifetime
{
    public const string OtherTenant = "rival";

    public SwitchboardNode Node { get; private set; } = null!;

    public Dictionary<string, string> Keys { get; } = new(StringComparer.Ordinal);

    public string ThrowawayKeyId { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Node = await SwitchboardNode.Start();
        await Node.Admin.UpsertAgentAsync(new() { Agent = new AgentProfile { AgentId = "alice" } });
        Keys["adapter"] = (await Node.Admin.CreateApiKeyAsync(new() { Name = "web widget", Role = Role.Adapter, AdapterId = "web" })).Secret;
        Keys["agent"] = (await Node.Admin.CreateApiKeyAsync(new() { Name = "alice desk", Role = Role.Agent, AgentId = "alice" })).Secret;
        Keys["supervisor"] = (await Node.Admin.CreateApiKeyAsync(new() { Name = "floor lead", Role = Role.Supervisor })).Secret;
        Keys["admin"] = SwitchboardNode.AdminKey;
        ThrowawayKeyId = (await Node.Admin.CreateApiKeyAsync(new() { Name = "throwaway", Role = Role.Supervisor })).Key.KeyId;
        var operatorAdmin = new AdminService.AdminServiceClient(Node.WithApiKey("test-operator-key"));
        await operatorAdmin.CreateTenantAsync(new() { TenantId = OtherTenant, DisplayName = "A rival brand" });
    }

    public async Task DisposeAsync() => await Node.DisposeAsync();

    public CallInvoker As(string role, bool otherTenant) => otherTenant
        ? Node.As(("x-api-key", Keys[role]), ("x-tenant-id", OtherTenant))
        : Node.WithApiKey(Keys[role]);
}
