using Npgsql;
using Switchboard.Testing;

namespace Switchboard.EndToEnd.Harness;

/// <summary>
/// A cluster as operators run it, in this process: silo hosts (<c>--mode silo</c>) and gateway hosts
/// (<c>--mode gateway</c>) on free loopback ports, finding each other through the PostgreSQL membership table
/// of a database of their own. Tests talk to the gateways over gRPC only.
/// </summary>
public sealed class PostgresCluster : IAsyncDisposable
{
    private readonly TestDatabase _database;
    private readonly string _clusterId = $"cluster-{Guid.NewGuid():N}";
    private readonly List<SwitchboardNode> _silos = [];
    private readonly List<SwitchboardNode> _gateways = [];

    private PostgresCluster(TestDatabase database) => _database = database;

    public IReadOnlyList<SwitchboardNode> Silos => _silos;

    public IReadOnlyList<SwitchboardNode> Gateways => _gateways;

    public string ConnectionString => _database.ConnectionString;

    public static async Task<PostgresCluster> Start(int silos, int gateways)
    {
        var cluster = new PostgresCluster(await TestPostgres.CreateDatabaseAsync());
        try
        {
            for (var i = 0; i < silos; i++)
            {
                cluster._silos.Add(await SwitchboardNode.StartHost(cluster.Settings("silo",
                    $"--Switchboard:SiloPort={SwitchboardNode.FreePort()}",
                    $"--Switchboard:OrleansGatewayPort={SwitchboardNode.FreePort()}",
                    "--Switchboard:AdvertisedAddress=127.0.0.1")));
            }
            for (var i = 0; i < gateways; i++)
            {
                cluster._gateways.Add(await SwitchboardNode.StartHost(cluster.Settings("gateway", $"--Switchboard:WebPort={SwitchboardNode.FreePort()}")));
            }
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Stops one silo as an operator would (graceful shutdown); the others take its grains over.</summary>
    public async Task StopSilo(int index)
    {
        await _silos[index].Stop();
    }

    /// <summary>How many silos the membership table lists with this Orleans status (3 active, 6 dead).</summary>
    public async Task<long> SilosWithStatus(int status)
    {
        await using var dataSource = NpgsqlDataSource.Create(_database.ConnectionString);
        await using var command = dataSource.CreateCommand("SELECT COUNT(*) FROM orleans_membership WHERE deployment_id = @cluster AND status = @status");
        command.Parameters.AddWithValue("cluster", _clusterId);
        command.Parameters.AddWithValue("status", status);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Runs SQL on the cluster's database, as an operator at psql would; returns the rows it changed.</summary>
    public async Task<int> ExecuteAsync(string sql)
    {
        await using var dataSource = NpgsqlDataSource.Create(_database.ConnectionString);
        await using var command = dataSource.CreateCommand(sql);
        return await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _gateways.Concat(_silos))
        {
            await node.DisposeAsync();
        }
        await _database.DisposeAsync();
    }

    private string[] Settings(string mode, params string[] more) =>
        ["--mode", mode, "--Switchboard:GrpcPort=0", .. Settings(_database.ConnectionString, _clusterId), .. more];

    /// <summary>
    /// What every process of a test cluster starts with besides its mode and ports (see also <see cref="ProcessCluster"/>):
    /// the cluster's database and id, the test keys, quick routing timings.
    /// </summary>
    public static string[] Settings(string connectionString, string clusterId) =>
    [
        "--Switchboard:Storage:Kind=postgres",
        $"--Switchboard:Storage:ConnectionString={connectionString}",
        $"--Switchboard:ClusterId={clusterId}",
        "--Switchboard:Routing:DeskGracePeriod=00:00:00.300",
        "--Switchboard:Routing:AgentRefreshInterval=00:00:01",
        "--Serilog:MinimumLevel:Default=Warning",
        $"--Switchboard:Auth:DemoAdminKey={SwitchboardNode.AdminKey}",
        $"--Switchboard:Auth:OperatorKey={SwitchboardNode.OperatorKey}",
    ];
}
