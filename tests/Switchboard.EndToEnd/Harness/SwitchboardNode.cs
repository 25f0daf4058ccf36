using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Switchboard.Silo.Hosting;
using Switchboard.Testing;
using Switchboard.V1;

namespace Switchboard.EndToEnd.Harness;

/// <summary>
/// The real single-node host on a free loopback port with its own SQLite file, driven only through
/// generated gRPC clients. Stop and start it again on the same file to test durability.
/// </summary>
public sealed class SwitchboardNode : IAsyncDisposable
{
    private readonly WebApplication? _app;
    private readonly GrpcChannel _channel;

    /// <summary>The demo tenant's admin key every node of the tests starts with; admins may call everything.</summary>
    public const string AdminKey = "sbk_testadmin_0123456789abcdef0123456789abcdef";

    /// <summary>The operator key every node of the tests starts with (it may create tenants).</summary>
    public const string OperatorKey = "test-operator-key";

    private SwitchboardNode(WebApplication? app, string address, string webAddress, string databasePath, GrpcChannelOptions? channelOptions)
    {
        _app = app;
        Address = address;
        WebAddress = webAddress;
        DatabasePath = databasePath;
        _channel = channelOptions is null ? GrpcChannel.ForAddress(address) : GrpcChannel.ForAddress(address, channelOptions);
        var invoker = WithHeaders(_channel, ("x-api-key", AdminKey));
        Channels = new ChannelService.ChannelServiceClient(invoker);
        Agents = new AgentService.AgentServiceClient(invoker);
        Admin = new AdminService.AdminServiceClient(invoker);
        Supervisor = new SupervisorService.SupervisorServiceClient(invoker);
    }

    public string Address { get; }

    /// <summary>The browser port (HTTP/1.1): pages, JSON calls and server-sent events.</summary>
    public string WebAddress { get; }

    public string DatabasePath { get; }

    public ChannelService.ChannelServiceClient Channels { get; }

    public AgentService.AgentServiceClient Agents { get; }

    public AdminService.AdminServiceClient Admin { get; }

    public SupervisorService.SupervisorServiceClient Supervisor { get; }

    /// <summary>Calls with no credential at all.</summary>
    public CallInvoker Anonymous => _channel.CreateCallInvoker();

    /// <summary>Calls carrying the given headers (an API key, a bearer token, a tenant header).</summary>
    public CallInvoker As(params (string Name, string Value)[] headers) => WithHeaders(_channel, headers);

    public CallInvoker WithApiKey(string apiKey) => As(("x-api-key", apiKey));

    public CallInvoker WithBearer(string token) => As(("authorization", $"Bearer {token}"));

    private static CallInvoker WithHeaders(GrpcChannel channel, params (string Name, string Value)[] headers) =>
        channel.Intercept(metadata =>
        {
            foreach (var (name, value) in headers)
            {
                metadata.Add(name, value);
            }
            return metadata;
        });

    /// <summary>The host's services, for asserting on what only the inside can see (e.g. how many subscriptions exist).</summary>
    public IServiceProvider Services => _app?.Services ?? throw new InvalidOperationException("This node runs in another process.");

    public static string NewDatabasePath() => Path.Combine(Path.GetTempPath(), "switchboard-tests", $"{Guid.NewGuid():N}.db");

    public static Task<SwitchboardNode> Start(string? databasePath = null, params string[] settings) => Start(databasePath, null, settings);

    public static Task<SwitchboardNode> Start(string? databasePath, GrpcChannelOptions? channelOptions, params string[] settings) =>
        StartNode(databasePath, channelOptions, TimeProvider.System, settings);

    /// <summary>
    /// A node whose domain clock and reminders follow <paramref name="clock"/> (a FakeTimeProvider the test advances),
    /// for SLA timing across nights and weekends. Start it again with the same clock and file to restart mid-clock.
    /// </summary>
    public static Task<SwitchboardNode> StartAt(TimeProvider clock, string? databasePath = null) => StartNode(databasePath, null, clock);

    private static async Task<SwitchboardNode> StartNode(string? databasePath, GrpcChannelOptions? channelOptions, TimeProvider clock, params string[] settings)
    {
        databasePath ??= NewDatabasePath();
        // A free port is only free when asked: another process (or an outgoing connection) may take it before the
        // node binds it. Then the node starts again on other ports.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await StartNodeOnce(databasePath, channelOptions, clock, settings);
            }
            catch (Exception e) when (attempt < 3 && AddressInUse(e))
            {
            }
        }
    }

    private static bool AddressInUse(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is Microsoft.AspNetCore.Connections.AddressInUseException
                || e is System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.AddressAlreadyInUse })
            {
                return true;
            }
        }
        return false;
    }

    private static async Task<SwitchboardNode> StartNodeOnce(string databasePath, GrpcChannelOptions? channelOptions, TimeProvider clock, string[] settings)
    {
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
            $"--Switchboard:Auth:DemoAdminKey={AdminKey}",
            "--Switchboard:Auth:JwtSigningKey=test-signing-key-0123456789-0123456789",
            $"--Switchboard:Auth:OperatorKey={OperatorKey}",
            "--Switchboard:Auth:CredentialRecheck=00:00:00.500",
            .. settings,
        ];
        return await StartHost(args, databasePath, channelOptions, clock);
    }

    /// <summary>Starts the Switchboard executable's host with exactly these command-line arguments.</summary>
    public static async Task<SwitchboardNode> StartHost(string[] args, string databasePath = "", GrpcChannelOptions? channelOptions = null, TimeProvider? clock = null)
    {
        var app = SwitchboardHost.Build(args, clock ?? TimeProvider.System);
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
        var webPort = PortSetting(args, "--Switchboard:WebPort=");
        var adminPort = PortSetting(args, "--Switchboard:Dashboard:Port=");
        var webAddress = webPort > 0 ? $"http://localhost:{webPort}" : "";
        var grpcAddress = app.Urls.First(url => new Uri(url).Port != webPort && new Uri(url).Port != adminPort);
        return new SwitchboardNode(app, grpcAddress, webAddress, databasePath, channelOptions);
    }

    private static int PortSetting(string[] args, string prefix) =>
        args.Select(a => a.StartsWith(prefix, StringComparison.Ordinal) ? int.Parse(a[prefix.Length..], System.Globalization.CultureInfo.InvariantCulture) : -1).Max();

    /// <summary>Clients of a Switchboard process running elsewhere (another OS process); disposing closes only the clients.</summary>
    public static SwitchboardNode Connect(string address, string webAddress) => new(null, address, webAddress, "", null);

    /// <summary>Stops the host as an operator would (graceful shutdown).</summary>
    public async Task Stop()
    {
        _channel.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
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

    public static int FreePort() => LoopbackPort.Free();
}
