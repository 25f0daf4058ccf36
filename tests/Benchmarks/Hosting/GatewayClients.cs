using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Switchboard.V1;

namespace Switchboard.Benchmarks.Hosting;

/// <summary>
/// The benchmarks' gRPC clients of one gateway, every call carrying the benchmark node's admin key. The channel may
/// open several HTTP/2 connections: a gateway allows 100 streams per connection, and a thousand desks need more.
/// </summary>
public sealed class GatewayClients : IDisposable
{
    public GatewayClients(string address)
    {
        Channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true },
        });
        var invoker = Channel.Intercept(metadata =>
        {
            metadata.Add("x-api-key", BenchmarkNode.AdminKey);
            return metadata;
        });
        Channels = new ChannelService.ChannelServiceClient(invoker);
        Agents = new AgentService.AgentServiceClient(invoker);
        Admin = new AdminService.AdminServiceClient(invoker);
    }

    /// <summary>The channel itself, for clients that carry another credential.</summary>
    public GrpcChannel Channel { get; }

    public ChannelService.ChannelServiceClient Channels { get; }

    public AgentService.AgentServiceClient Agents { get; }

    public AdminService.AdminServiceClient Admin { get; }

    public void Dispose() => Channel.Dispose();
}
