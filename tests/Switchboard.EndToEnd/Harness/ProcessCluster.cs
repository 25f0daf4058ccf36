using System.Diagnostics;
using Npgsql;
using Switchboard.Testing;

namespace Switchboard.EndToEnd.Harness;

/// <summary>
/// A cluster of real OS processes on a test PostgreSQL database: silos (<c>Switchboard.Silo.dll --mode silo</c>) and
/// gateways (<c>Switchboard.Gateway.dll</c>) with the settings <see cref="PostgresCluster"/> uses, so that a test can
/// SIGKILL one. Tests reach the gateways through <see cref="Gateways"/> (gRPC clients, no host in this process).
/// </summary>
public sealed class ProcessCluster : IAsyncDisposable
{
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(60);

    private readonly TestDatabase _database;
    private readonly string _clusterId = $"cluster-{Guid.NewGuid():N}";
    private readonly List<ClusterProcess> _silos = [];
    private readonly List<ClusterProcess> _gateways = [];
    private readonly List<SwitchboardNode> _clients = [];

    private ProcessCluster(TestDatabase database, string logDirectory)
    {
        _database = database;
        LogDirectory = logDirectory;
    }

    /// <summary>One log file per process, kept after the test for reading a failure.</summary>
    public string LogDirectory { get; }

    public IReadOnlyList<ClusterProcess> Silos => _silos;

    public IReadOnlyList<ClusterProcess> GatewayProcesses => _gateways;

    /// <summary>gRPC and web clients of each gateway process, in the order of <see cref="GatewayProcesses"/>.</summary>
    public IReadOnlyList<SwitchboardNode> Gateways => _clients;

    public static async Task<ProcessCluster> Start(int silos, int gateways, params string[] settings)
    {
        var logs = Path.Combine(Path.GetTempPath(), "switchboard-tests", $"cluster-{DateTime.UtcNow:HHmmss}-{Guid.NewGuid():N}"[..32]);
        Directory.CreateDirectory(logs);
        var cluster = new ProcessCluster(await TestPostgres.CreateDatabaseAsync(), logs);
        try
        {
            string[] common = [.. PostgresCluster.Settings(cluster._database.ConnectionString, cluster._clusterId), .. settings];
            for (var i = 0; i < silos; i++)
            {
                cluster._silos.Add(ClusterProcess.StartSilo($"silo-{i + 1}", logs, common));
            }
            await Task.WhenAll(cluster._silos.Select(silo => silo.WaitUntilServing(StartLimit)));
            for (var i = 0; i < gateways; i++)
            {
                var gateway = ClusterProcess.StartGateway($"gateway-{i + 1}", logs, common);
                cluster._gateways.Add(gateway);
                cluster._clients.Add(SwitchboardNode.Connect(gateway.GrpcAddress, gateway.WebAddress));
            }
            await Task.WhenAll(cluster._gateways.Select(gateway => gateway.WaitUntilServing(StartLimit)));
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Reads the membership table every 100 ms until it lists a silo of this cluster as dead (status 6) and returns
    /// how long that took; what a test measures failover against, since the declaration's own time varies with load.
    /// </summary>
    public async Task<TimeSpan> WaitForDeathDeclaration(TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync();
        await using var dead = new NpgsqlCommand(
            "SELECT count(*) FROM orleans_membership WHERE deployment_id = @cluster AND status = 6", connection);
        dead.Parameters.AddWithValue("cluster", _clusterId);
        while (clock.Elapsed < limit)
        {
            if ((long)(await dead.ExecuteScalarAsync())! > 0)
            {
                return clock.Elapsed;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"no silo of {_clusterId} was declared dead within {limit.TotalSeconds} s; see {LogDirectory}");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            await client.DisposeAsync();
        }
        foreach (var process in _gateways.Concat(_silos))
        {
            await process.DisposeAsync();
        }
        await _database.DisposeAsync();
    }
}
