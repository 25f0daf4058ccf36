using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Switchboard.V1;

namespace Switchboard.Simulator;

/// <summary>The generated gRPC clients for one gateway, every call carrying the tenant header and the API key.</summary>
public sealed class SwitchboardConnection : IDisposable
{
    private readonly GrpcChannel _channel;

    public SwitchboardConnection(Uri address, string tenant, string apiKey)
    {
        _channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            // A gateway allows 100 streams per HTTP/2 connection; hundreds of desks need more connections.
            HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true },
        });
        var invoker = _channel.Intercept(metadata =>
        {
            metadata.Add("x-tenant-id", tenant);
            metadata.Add("x-api-key", apiKey);
            return metadata;
        });
        Channels = new ChannelService.ChannelServiceClient(invoker);
        Agents = new AgentService.AgentServiceClient(invoker);
        Admin = new AdminService.AdminServiceClient(invoker);
    }

    public ChannelService.ChannelServiceClient Channels { get; }

    public AgentService.AgentServiceClient Agents { get; }

    public AdminService.AdminServiceClient Admin { get; }

    public void Dispose() => _channel.Dispose();
}
