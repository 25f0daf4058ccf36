using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.Silo.Hosting;
using Switchboard.Testing;
using Switchboard.V1;

namespace Switchboard.Benchmarks.Hosting;

/// <summary>
/// The single-node default (silo, gateway, SQLite) in this process, on loopback ports and a temporary
/// database file; restartable on the same file to measure activations from storage.
/// </summary>
public sealed class BenchmarkNode : IRoutingNode
{
    private readonly WebApplication _app;
    private readonly bool _ownsDatabase;

    private BenchmarkNode(WebApplication app, string databasePath, bool ownsDatabase)
    {
        _app = app;
        _ownsDatabase = ownsDatabase;
        DatabasePath = databasePath;
        Address = new Uri(app.Urls.First());
        _clients = new GatewayClients(Address.ToString());
    }

    private readonly GatewayClients _clients;

    /// <summary>The demo tenant's admin key the benchmark node starts with.</summary>
    public const string AdminKey = "sbk_benchadmin_0123456789abcdef0123456789abcdef";

    public string DatabasePath { get; }

    public Uri Address { get; }

    public GrpcChannel Channel => _clients.Channel;

    public ChannelService.ChannelServiceClient Channels => _clients.Channels;

    public AgentService.AgentServiceClient Agents => _clients.Agents;

    public AdminService.AdminServiceClient Admin => _clients.Admin;

    /// <summary>Grains of this node, called in-process (no gRPC) for storage-level measures.</summary>
    public IGrainFactory Grains => _app.Services.GetRequiredService<IGrainFactory>();

    public static string NewDatabasePath() => Path.Combine(Path.GetTempPath(), "switchboard-benchmarks", $"{Guid.NewGuid():N}.db");

    /// <summary>
    /// Starts a node on <paramref name="databasePath"/>, or on a new temporary file that is deleted when the node is disposed.
    /// </summary>
    public static async Task<BenchmarkNode> Start(string? databasePath = null, params string[] settings)
    {
        var ownsDatabase = databasePath is null;
        databasePath ??= NewDatabasePath();
        string[] args =
        [
            "--Switchboard:GrpcPort=0",
            $"--Switchboard:SiloPort={LoopbackPort.Free()}",
            $"--Switchboard:OrleansGatewayPort={LoopbackPort.Free()}",
            .. Settings(databasePath),
            .. settings,
        ];
        var app = SwitchboardHost.Build(args);
        await app.StartAsync();
        return new BenchmarkNode(app, databasePath, ownsDatabase);
    }

    /// <summary>What a benchmark node runs with, in this process or its own: its database, the admin key, quiet logs, no rate limits.</summary>
    public static IEnumerable<string> Settings(string databasePath) =>
    [
        $"--Switchboard:DatabasePath={databasePath}",
        "--Serilog:MinimumLevel:Default=Warning",
        $"--Switchboard:Auth:DemoAdminKey={AdminKey}",
        // Load comes from one key; the per-key limits are for tenants' callers, not for this measure.
        "--Switchboard:Auth:RequestsPerSecond=1000000",
        "--Switchboard:Auth:Burst=1000000",
        "--Switchboard:Auth:MaxStreamsPerKey=100000",
        "--Serilog:MinimumLevel:Override:Orleans=Error",
        "--Serilog:MinimumLevel:Override:Microsoft.Hosting.Lifetime=Warning",
    ];

    public string Where => "the benchmark's process (with its clients)";

    public bool InProcess => true;

    /// <summary>This process's figures: the node's and the benchmark's clients' together.</summary>
    public Task<NodeFigures> Figures()
    {
        using var self = System.Diagnostics.Process.GetCurrentProcess();
        return Task.FromResult(new NodeFigures(self.TotalProcessorTime, GC.GetTotalAllocatedBytes(precise: false), GC.CollectionCount(0),
            GC.GetTotalPauseDuration()));
    }

    public async ValueTask DisposeAsync()
    {
        _clients.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (_ownsDatabase)
        {
            DeleteDatabase(DatabasePath);
        }
    }

    /// <summary>Removes the database file and its WAL once a benchmark is done with it.</summary>
    public static void DeleteDatabase(string databasePath)
    {
        foreach (var file in new[] { databasePath, databasePath + "-wal", databasePath + "-shm" })
        {
            File.Delete(file);
        }
    }
}
