using System.Globalization;

namespace Switchboard.Testing;

/// <summary>
/// A throwaway PostgreSQL server on loopback, started and stopped with deploy/postgres-local.sh (as tests/run.sh
/// does) and given Switchboard's schema with deploy/apply-schema.sh; its data directory is removed when disposed.
/// </summary>
public sealed class LocalPostgres : IAsyncDisposable
{
    private readonly string _directory;

    private LocalPostgres(string directory, int port)
    {
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=switchboard;Maximum Pool Size=100";

    /// <summary>The server's binaries folder (/usr/lib/postgresql/NN/bin, newest first), where pgbench lives.</summary>
    public static string? BinDirectory() =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(version => Path.Combine(version, "bin"))
                .Where(bin => File.Exists(Path.Combine(bin, "pgbench")))
                .OrderByDescending(bin => int.TryParse(Path.GetFileName(Path.GetDirectoryName(bin)), out var major) ? major : 0)
                .FirstOrDefault()
            : null;

    /// <summary>Starts a server in a new folder under <paramref name="parentDirectory"/> and applies the schema to its database "switchboard".</summary>
    public static async Task<LocalPostgres> Start(string parentDirectory)
    {
        var directory = Path.Combine(parentDirectory, $"pg-{Guid.NewGuid():N}"[..20]);
        await Repository.RunDeployScript("postgres-local.sh", "start", directory);
        var server = new LocalPostgres(directory, int.Parse(await File.ReadAllTextAsync(Path.Combine(directory, "port")), CultureInfo.InvariantCulture));
        try
        {
            await ApplySchema(server.ConnectionString);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs deploy/apply-schema.sh, the operator's command, against a database and returns what it printed.</summary>
    public static Task<string> ApplySchema(string connectionString) =>
        Repository.RunDeployScript("apply-schema.sh", connectionString);

    /// <summary>Runs psql against the switchboard database (ON_ERROR_STOP).</summary>
    public Task Sql(string sql) =>
        ExternalCommand.Run(Path.GetTempPath(), "psql", ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", $"{Port}", "-U", "postgres", "-d", "switchboard", "-c", sql]);

    public async ValueTask DisposeAsync() => await Repository.RunDeployScript("postgres-local.sh", "stop", _directory);
}
