using Orleans.TestingHost;
using Switchboard.Silo.Storage.Postgres;
using Switchboard.Testing;

namespace Switchboard.Tests.Storage.Postgres;

/// <summary>One in-process silo whose grain state and reminders are the Orleans ADO.NET providers on PostgreSQL.</summary>
public sealed class PostgresClusterFixture : IAsyncLifetime
{
    private TestDatabase? _database;

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public string ConnectionString => _database?.ConnectionString ?? TestPostgres.Require();

    public async Task InitializeAsync()
    {
        if (TestPostgres.ServerConnectionString is null)
        {
            return;
        }
        _database = await TestPostgres.CreateDatabaseAsync();
        var builder = new InProcessTestClusterBuilder(1);
        var connectionString = _database.ConnectionString;
        builder.ConfigureSilo((_, silo) => silo.AddPostgresStorage(connectionString));
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await Cluster.DisposeAsync();
            await _database.DisposeAsync();
        }
    }
}
