using Google.Protobuf.Reflection;
using Switchboard.Gateway.Cluster;
using Switchboard.V1;

namespace Switchboard.Tests.Failover;

public sealed class IdempotentRpcsTests
{
    private static readonly ServiceDescriptor[] Services =
    [
        ChannelService.Descriptor, AgentService.Descriptor, SupervisorService.Descriptor, ReportService.Descriptor, AdminService.Descriptor,
    ];

    [Fact]
    public void Every_RPC_the_gateway_may_retry_exists_and_is_unary()
    {
        var unary = Services.SelectMany(service => service.Methods)
            .Where(method => !method.IsClientStreaming && !method.IsServerStreaming)
            .Select(method => $"/{method.Service.FullName}/{method.Name}")
            .ToHashSet(StringComparer.Ordinal);
        Assert.All(IdempotentRpcs.All, method => Assert.Contains(method, unary));
    }

    [Theory]
    [InlineData("/switchboard.v1.AgentService/Reply")]
    [InlineData("/switchboard.v1.AgentService/AddInternalNote")]
    [InlineData("/switchboard.v1.AgentService/AcceptOffer")]
    [InlineData("/switchboard.v1.AdminService/CreateApiKey")]
    public void Calls_that_append_or_take_something_are_not_retried(string method) => Assert.False(IdempotentRpcs.Contains(method));
}
