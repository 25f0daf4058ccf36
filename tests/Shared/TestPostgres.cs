using Npgsql;

namespace Switchboard.Testing;

/// <summary>
/// The PostgreSQL server that tests/run.sh starts (connection string in SWITCHBOARD_TEST_POSTGRES). Each fixture
/// gets a database of its own with the schema applied by deploy/apply-schema.sh, the operator's command.
/// </summary>
public static class TestPostgres
{
    public const string Variable = "SWITCHBOARD_TEST_POSTGRES";

    public static string? ServerConnectionString => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    /// <summary>CI=true: a test that needs PostgreSQL fails without it instead of skipping.</summary>
    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static string Require() => ServerConnectionString ?? throw new InvalidOperationException(
        $"{Variable} is not set, so there is no PostgreSQL server to test against; run the tests with `bash tests/run.sh`, which starts one.");

    /// <summary>Creates an empty database on the test server and applies deploy/sql to it.</summary>
    public static async Task<TestDatabase> CreateDatabaseAsync()
    {
        var server = Require();
        var name = $"switchboard_test_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync();
        }
        var database = new TestDatabase(server, new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString, name);
        await ApplySchemaAsync(database.ConnectionString);
        return database;
    }

    /// <summary>Runs deploy/apply-schema.sh against a database and returns what it printed.</summary>
    public static Task<string> ApplySchemaAsync(string connectionString) => LocalPostgres.ApplySchema(connectionString);

    /// <summary>The checkout this test runs from (the folder holding deploy/).</summary>
    public static string RepositoryRoot() => Repository.Root();
}

/// <summary>A database of its own on the test server, dropped afterwards.</summary>
public sealed class TestDatabase(string serverConnectionString, string connectionString, string name) : IAsyncDisposable
{
    public string ConnectionString { get; } = connectionString;

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(serverConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}

/// <summary>
/// A test that needs the PostgreSQL server. Without SWITCHBOARD_TEST_POSTGRES it is skipped on a developer's
/// machine and runs (and fails, saying why) under CI=true.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (TestPostgres.ServerConnectionString is null && !TestPostgres.InCi)
        {
            Skip = $"{TestPostgres.Variable} is not set; `bash tests/run.sh` starts a PostgreSQL server for these tests.";
        }
    }
}
