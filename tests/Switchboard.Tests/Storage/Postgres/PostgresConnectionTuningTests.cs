using Npgsql;
using Switchboard.Gateway.Hosting;
using Switchboard.Testing;

namespace Switchboard.Tests.Storage.Postgres;

/// <summary>
/// The connection string Switchboard hands Npgsql and Orleans' ADO.NET providers: automatic statement preparation on
/// and no session reset between pooled uses, each unless the operator set it; PostgreSQL then really runs repeated
/// statements prepared, and a pooled connection is handed out again without the reset statements.
/// </summary>
public sealed class PostgresConnectionTuningTests(PostgresDatabaseFixture fixture) : IClassFixture<PostgresDatabaseFixture>
{
    [Fact]
    public void Automatic_preparation_is_on_when_the_connection_string_leaves_it_unset()
    {
        var tuned = new NpgsqlConnectionStringBuilder(StorageOptions.Tuned("Host=db;Database=switchboard;Maximum Pool Size=50"));

        Assert.Equal(StorageOptions.MaxAutoPrepare, tuned.MaxAutoPrepare);
        Assert.Equal(StorageOptions.AutoPrepareMinUsages, tuned.AutoPrepareMinUsages);
        Assert.True(tuned.NoResetOnClose);
        Assert.False(tuned.Multiplexing);
        Assert.Equal(50, tuned.MaxPoolSize);
        Assert.Equal("db", tuned.Host);
    }

    [Theory]
    [InlineData("Host=db;Max Auto Prepare=0", 0, 5)]
    [InlineData("Host=db;MaxAutoPrepare=10;Auto Prepare Min Usages=7", 10, 7)]
    [InlineData("Host=db;max auto prepare=3", 3, 5)]
    public void An_operators_own_preparation_settings_are_kept(string given, int maxAutoPrepare, int minUsages)
    {
        var tuned = new NpgsqlConnectionStringBuilder(StorageOptions.Tuned(given));

        Assert.Equal(maxAutoPrepare, tuned.MaxAutoPrepare);
        Assert.Equal(minUsages, tuned.AutoPrepareMinUsages);
    }

    [Theory]
    [InlineData("Host=db;No Reset On Close=false")]
    [InlineData("Host=db;noresetonclose=False")]
    public void An_operators_own_reset_setting_is_kept(string given)
    {
        Assert.False(new NpgsqlConnectionStringBuilder(StorageOptions.Tuned(given)).NoResetOnClose);
    }

    [Fact]
    public void Grain_state_and_ticket_log_connections_are_tuned_and_not_multiplexed_when_the_string_leaves_it_unset()
    {
        var tuned = new NpgsqlConnectionStringBuilder(StorageOptions.Multiplexed("Host=db;Database=switchboard"));

        Assert.False(tuned.Multiplexing);
        Assert.Equal(StorageOptions.MaxAutoPrepare, tuned.MaxAutoPrepare);
        Assert.True(tuned.NoResetOnClose);
    }

    [Theory]
    [InlineData("Host=db;Multiplexing=true", true)]
    [InlineData("Host=db;multiplexing=True", true)]
    [InlineData("Host=db;Multiplexing=false", false)]
    [InlineData("Host=db;Pooling=false", false)]
    public void An_operators_own_multiplexing_or_pooling_setting_is_kept(string given, bool multiplexed)
    {
        var tuned = new NpgsqlConnectionStringBuilder(StorageOptions.Multiplexed(given));

        // Npgsql refuses multiplexing without pooling, so a string that turns pooling off must not get it.
        Assert.Equal(multiplexed, tuned.Multiplexing);
        NpgsqlDataSource.Create(tuned.ConnectionString).Dispose();
    }

    [PostgresFact]
    public async Task Statements_sent_at_once_over_one_multiplexed_connection_each_get_their_own_answer()
    {
        // One physical connection: the statements go out pipelined on it, and each caller must still get its own row.
        // An operator may still ask for multiplexing (Multiplexing=true in the connection string).
        var settings = new NpgsqlConnectionStringBuilder(StorageOptions.Multiplexed(fixture.ConnectionString + ";Multiplexing=true")) { MaxPoolSize = 1 };
        Assert.True(settings.Multiplexing);
        await using var dataSource = NpgsqlDataSource.Create(settings.ConnectionString);
        const int Statements = 48;
        var answers = await Task.WhenAll(Enumerable.Range(0, Statements).Select(async i =>
        {
            await using var command = dataSource.CreateCommand("SELECT $1::int * 2, pg_backend_pid()");
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = i });
            await using var reader = await command.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            return (Doubled: reader.GetInt32(0), Backend: reader.GetInt32(1));
        }));

        Assert.Equal(Enumerable.Range(0, Statements).Select(i => i * 2), answers.Select(a => a.Doubled));
        Assert.Single(answers.Select(a => a.Backend).Distinct());
    }

    [PostgresFact]
    public async Task A_pooled_connection_is_handed_out_again_without_a_session_reset()
    {
        // One physical connection, so the second open gets the first one's session back. Npgsql's reset would have
        // put the setting back to the server's default before handing it out.
        var pooled = new NpgsqlConnectionStringBuilder(StorageOptions.Tuned(fixture.ConnectionString)) { MaxPoolSize = 1 };
        await using var dataSource = NpgsqlDataSource.Create(pooled.ConnectionString);
        await using (var first = await dataSource.OpenConnectionAsync())
        {
            await using var set = new NpgsqlCommand("SET statement_timeout = '4321ms'", first);
            await set.ExecuteNonQueryAsync();
        }

        await using var second = await dataSource.OpenConnectionAsync();
        await using var show = new NpgsqlCommand("SHOW statement_timeout", second);
        Assert.Equal("4321ms", await show.ExecuteScalarAsync());
    }

    [PostgresFact]
    public async Task A_statement_run_twice_on_a_tuned_connection_is_prepared_on_the_server()
    {
        // One physical connection, as grain state and ticket logs are set up: were they multiplexed, an opened connection
        // would be bound to none, and the statements and the check could run on different sessions.
        var pooled = new NpgsqlConnectionStringBuilder(StorageOptions.Multiplexed(fixture.ConnectionString)) { MaxPoolSize = 1 };
        await using var dataSource = NpgsqlDataSource.Create(pooled.ConnectionString);
        await using var connection = await dataSource.OpenConnectionAsync();
        const string Sql = "SELECT count(*) FROM pg_class WHERE relname = $1";
        for (var i = 0; i < 3; i++)
        {
            await using var command = new NpgsqlCommand(Sql, connection) { Parameters = { new() { Value = "switchboard_probe" } } };
            await command.ExecuteScalarAsync();
        }

        await using var check = new NpgsqlCommand("SELECT count(*) FROM pg_prepared_statements WHERE statement = $1", connection)
        {
            Parameters = { new() { Value = Sql } },
        };
        Assert.Equal(1L, await check.ExecuteScalarAsync());
    }
}
