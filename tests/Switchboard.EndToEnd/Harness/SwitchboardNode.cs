using System.Net;
using System.Net.Sockets;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Switchboard.Silo.Hosting;
using Switchboard.V1;

namespace Switchboard.EndToEnd.Harness;

/// <summary>
/// The real single-node host on a free loopback port with its own SQLite file, driven only through
/// generated gRPC clients. Stop and start it again on the same file to test durability.
/// </summary>
public sealed class SwitchboardNode : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly GrpcChannel _channel;

    private SwitchboardNode(WebApplication app, string address, string webAddress, string databasePath)
    {
        _app = app;
        Address = address;
        WebAddress = webAddress;
        DatabasePath = databasePath;
        _channel = GrpcChannel.ForAddress(address);
        Channels = new ChannelService.ChannelServiceClient(_channel);
        Agents = new AgentService.AgentServiceClient(_channel);
        Admin = new AdminService.AdminServiceClient(_channel);
        Supervisor = new SupervisorService.SupervisorServiceClient(_channel);
    }

    public string Address { get; }

    /// <summary>The browser port (HTTP/1.1): pages, JSON calls and server-sent events.</summary>
    public string WebAddress { get; }

    public string DatabasePath { get; }

    public ChannelService.ChannelServiceClient Channels { get; }

    public AgentService.AgentServiceClient Agents { get; }

    public AdminService.AdminServiceClient Admin { get; }

    public SupervisorService.SupervisorServiceClient Supervisor { get; }

    public CallInvoker Invoker => _channel.CreateCallInvoker();

    /// <summary>The host's services, for asserting on what only the inside can see (e.g. how many subscriptions exist).</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>Call options naming a tenant in the request header.</summary>
    public static CallOptions Tenant(string tenant) => new(new Metadata { { "x-tenant-id", tenant } });

    public static string NewDatabasePath() => Path.Combine(Path.GetTempPath(), "switchboard-tests", $"{Guid.NewGuid():N}.db");

    public static async Task<SwitchboardNode> Start(string? databasePath = null, params string[] settings)
    {
        databasePath ??= NewDatabasePath();
        var webPort = FreePort();
        string[] args =
        [
            $"--Switchboard:WebPort={webPort}",
            $"--Switchboard:DatabasePath={databasePath}",
            "--Switchboard:GrpcPort=0",
            $"--Switchboard:SiloPort={FreePort()}",
            $"--Switchboard:OrleansGatewayPort={FreePort()}",
            "--Switchboard:Routing:DeskGracePeriod=00:00:00.300",
            "--Switchboard:Routing:AgentRefreshInterval=00:00:01",
            "--Serilog:MinimumLevel:Default=Warning",
            .. settings,
        ];
        var app = SwitchboardHost.Build(args);
        await app.StartAsync();
        var webAddress = $"http://localhost:{webPort}";
        var grpcAddress = app.Urls.First(url => new Uri(url).Port != webPort);
        return new SwitchboardNode(app, grpcAddress, webAddress, databasePath);
    }

    /// <summary>Stops the host as an operator would (graceful shutdown).</summary>
    public async Task Stop()
    {
        _channel.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Stop();
        }
        catch (ObjectDisposedException)
        {
            // Already stopped by the test.
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
