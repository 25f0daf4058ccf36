using Microsoft.Data.Sqlite;
using Switchboard.Silo.Storage.Sqlite;

namespace Switchboard.Tests.Storage;

/// <summary>A kept command is reused with its parameters: each use replaces their values, never adds more.</summary>
public sealed class PreparedCommandsTests
{
    [Fact]
    public async Task Each_use_of_a_kept_command_binds_its_own_values_to_the_same_parameters()
    {
        await using var connection = new SqliteConnection("Data Source=:memory:");
        await connection.OpenAsync();
        const string sql = "SELECT coalesce($a, 'none') || ':' || $b";

        var first = connection.Prepared(sql);
        first.Set("$a", "x");
        first.Parameter("$b", SqliteType.Integer).Value = 1;
        Assert.Equal("x:1", await first.ExecuteScalarAsync());
        var parameter = first.Parameter("$a");

        var second = connection.Prepared(sql);
        second.Set("$a", null);
        second.Parameter("$b", SqliteType.Integer).Value = 2;

        Assert.Same(first, second);
        Assert.Equal("none:2", await second.ExecuteScalarAsync());
        Assert.Equal(2, second.Parameters.Count);
        Assert.Same(parameter, second.Parameter("$a"));
    }

    [Fact]
    public async Task Different_statements_keep_apart()
    {
        await using var connection = new SqliteConnection("Data Source=:memory:");
        await connection.OpenAsync();
        var plus = connection.Prepared("SELECT $n + 1");
        var times = connection.Prepared("SELECT $n * 10");
        plus.Set("$n", 4);
        times.Set("$n", 5);

        Assert.NotSame(plus, times);
        Assert.Equal(5L, await plus.ExecuteScalarAsync());
        Assert.Equal(50L, await times.ExecuteScalarAsync());
    }
}
