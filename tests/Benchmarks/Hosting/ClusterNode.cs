using Switchboard.Testing;
using Switchboard.V1;

namespace Switchboard.Benchmarks.Hosting;

/// <summary>
/// Switchboard in cluster mode as operators run it: one silo process (<c>Switchboard.Silo.dll --mode silo</c>)
/// and one gateway process (<c>Switchboard.Gateway.dll</c>) on loopback, storing everything in PostgreSQL and
/// finding each other through its membership table. The benchmark reaches the gateway over gRPC only.
/// Each process's console output goes to a log file in the benchmark's temporary folder.
/// </summary>
public sealed class ClusterNode : IAsyncDisposable
{
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(90);

    private readonly List<ClusterProcess> _processes = [];
    private readonly GatewayClients _clients;

    private ClusterNode(ClusterProcess silo, ClusterProcess gateway)
    {
        _processes.AddRange([silo, gateway]);
        _clients = new GatewayClients(gateway.GrpcAddress);
    }

    public ChannelService.ChannelServiceClient Channels => _clients.Channels;

    public static async Task<ClusterNode> Start(string connectionString)
    {
        var logs = Path.Combine(Path.GetTempPath(), "switchboard-benchmarks", $"cluster-{DateTime.UtcNow:HHmmss}");
        Directory.CreateDirectory(logs);
        string[] common =
        [
            "--Switchboard:Storage:Kind=postgres",
            $"--Switchboard:Storage:ConnectionString={connectionString}",
            $"--Switchboard:ClusterId={$"bench-{Guid.NewGuid():N}"[..20]}",
            "--Serilog:MinimumLevel:Default=Warning",
            $"--Switchboard:Auth:DemoAdminKey={BenchmarkNode.AdminKey}",
            // Load comes from one key; the per-key limits are for tenants' callers, not for this measure.
            "--Switchboard:Auth:RequestsPerSecond=1000000",
            "--Switchboard:Auth:Burst=1000000",
            "--Switchboard:Auth:MaxStreamsPerKey=100000",
        ];
        var silo = ClusterProcess.StartSilo("silo", logs, common);
        ClusterProcess? gateway = null;
        try
        {
            await silo.WaitUntilServing(StartLimit);
            gateway = ClusterProcess.StartGateway("gateway", logs, common);
            await gateway.WaitUntilServing(StartLimit);
            return new ClusterNode(silo, gateway);
        }
        catch
        {
            if (gateway is not null)
            {
                await gateway.DisposeAsync();
            }
            await silo.DisposeAsync();
            throw;
        }
    }

    /// <summary>User plus system CPU seconds the silo and gateway processes have used so far.</summary>
    public double CpuSeconds() => _processes.Sum(process => process.ProcessorTime.TotalSeconds);

    public async ValueTask DisposeAsync()
    {
        _clients.Dispose();
        foreach (var process in Enumerable.Reverse(_processes))
        {
            await process.DisposeAsync();
        }
    }
}
