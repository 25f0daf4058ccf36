using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using Switchboard.Silo.Routing;
using Switchboard.Silo.Storage.Sqlite;
using Switchboard.Tests.Storage;

namespace Switchboard.Tests.Routing;

/// <summary>
/// Two in-process silos sharing one SQLite file, with routing timings short enough for tests. The file lives
/// in shared memory when the machine has it: these tests are about routing, and a disk flush per write would
/// bound them by the disk rather than by the grains.
/// </summary>
public abstract class RoutingCluster(RoutingOptions routing) : IAsyncLifetime
{
    public InProcessTestCluster Cluster { get; private set; } = null!;

    public RoutingOptions Routing { get; } = routing;

    public IClusterClient Client => Cluster.Client;

    /// <summary>The silo holding <paramref name="grain"/>'s activation; null when it is not active.</summary>
    public SiloAddress? HostOf(IAddressable grain) =>
        Cluster.TryGetGrainContext(grain.GetGrainId(), out var context) ? context.Address.SiloAddress : null;

    private string DatabasePath { get; } = Directory.Exists("/dev/shm")
        ? Path.Combine("/dev/shm", $"switchboard-test-{Guid.NewGuid():N}.db")
        : TemporaryDatabase.NewPath();

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(2);
        var path = DatabasePath;
        var routing = Routing;
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddSqliteStorage(path);
            silo.Services.Configure<RoutingOptions>(options =>
            {
                options.OfferTimeout = routing.OfferTimeout;
                options.DeskGracePeriod = routing.DeskGracePeriod;
                options.AgentRefreshInterval = routing.AgentRefreshInterval;
                options.MaxMissedOffers = routing.MaxMissedOffers;
                options.PreferredAgentWait = routing.PreferredAgentWait;
                options.AgentKeepAlive = routing.AgentKeepAlive;
            });
            silo.Services.Configure<Orleans.Hosting.ReminderOptions>(routing.LowerReminderFloor);
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
