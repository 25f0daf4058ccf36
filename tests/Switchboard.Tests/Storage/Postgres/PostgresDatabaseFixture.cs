using Switchboard.Testing;

namespace Switchboard.Tests.Storage.Postgres;

/// <summary>A database of its own on the test PostgreSQL server, schema applied; nothing when there is no server.</summary>
public sealed class PostgresDatabaseFixture : IAsyncLifetime
{
    private TestDatabase? _database;

    public string ConnectionString => _database?.ConnectionString ?? TestPostgres.Require();

    public async Task InitializeAsync()
    {
        if (TestPostgres.ServerConnectionString is not null)
        {
            _database = await TestPostgres.CreateDatabaseAsync();
        }
    }

    public async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
