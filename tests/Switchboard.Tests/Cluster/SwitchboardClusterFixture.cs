using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using Switchboard.Gateway.Cluster;
using Switchboard.Silo.Routing;
using Switchboard.Silo.Storage.Sqlite;
using Switchboard.Tests.Storage;

namespace Switchboard.Tests.Cluster;

/// <summary>
/// The Switchboard grains in one in-process silo on a temporary SQLite file, with routing timings short
/// enough for tests to watch offers time out and desks go offline. Tests keep apart by tenant.
/// </summary>
public sealed class SwitchboardClusterFixture : IAsyncLifetime
{
    /// <summary>Long enough for a test to accept in time on a busy machine, short enough to watch it expire.</summary>
    public static readonly TimeSpan OfferTimeout = TimeSpan.FromSeconds(2);

    public static readonly TimeSpan DeskGracePeriod = TimeSpan.FromMilliseconds(300);

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public string DatabasePath { get; } = TemporaryDatabase.NewPath();

    public IClusterClient Client => Cluster.Client;

    /// <summary>Whether any grain keyed <paramref name="key"/> has the state <paramref name="stateName"/> stored.</summary>
    public async Task<bool> GrainStateExists(string stateName, string key) =>
        await TemporaryDatabase.ScalarAsync(DatabasePath,
            $"SELECT COUNT(*) FROM grain_state WHERE state_name = '{stateName.Replace("'", "''", StringComparison.Ordinal)}' AND grain_id = '{key.Replace("'", "''", StringComparison.Ordinal)}'") > 0;

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        var path = DatabasePath;
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddSingleton(TimeProvider.System);
            silo.Services.Configure<RoutingOptions>(routing =>
            {
                routing.OfferTimeout = OfferTimeout;
                routing.DeskGracePeriod = DeskGracePeriod;
                routing.AgentRefreshInterval = TimeSpan.FromSeconds(1);
            });
            silo.AddSqliteStorage(path);
            silo.Services.AddCachedGrainInterfaceTypes();
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        TemporaryDatabase.Delete(DatabasePath);
    }
}
