using Npgsql;

namespace Switchboard.Tests.Storage.Postgres;

/// <summary>The plan PostgreSQL runs a statement with, for tests that check a hot statement's plan.</summary>
internal static class PostgresPlan
{
    /// <summary>Runs <c>EXPLAIN (<paramref name="options"/>) <paramref name="statement"/></c> on the connection; the plan's lines joined.</summary>
    public static async Task<string> Explain(NpgsqlConnection connection, string statement, string options = "ANALYZE, FORMAT TEXT")
    {
        await using var explain = new NpgsqlCommand($"EXPLAIN ({options}) {statement}", connection);
        var plan = new List<string>();
        await using var reader = await explain.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            plan.Add(reader.GetString(0));
        }
        return string.Join("\n", plan);
    }
}
