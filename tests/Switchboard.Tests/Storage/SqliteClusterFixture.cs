using Orleans.TestingHost;
using Switchboard.Silo.Storage.Sqlite;

namespace Switchboard.Tests.Storage;

/// <summary>One in-process silo whose grain state and reminders live in a temporary SQLite file.</summary>
public sealed class SqliteClusterFixture : IAsyncLifetime
{
    public InProcessTestCluster Cluster { get; private set; } = null!;

    public string DatabasePath { get; } = TemporaryDatabase.NewPath();

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        var path = DatabasePath;
        builder.ConfigureSilo((_, silo) => silo.AddSqliteStorage(path));
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        TemporaryDatabase.Delete(DatabasePath);
    }
}
