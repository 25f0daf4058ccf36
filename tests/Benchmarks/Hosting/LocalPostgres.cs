using System.Diagnostics;

namespace Switchboard.Benchmarks.Hosting;

/// <summary>
/// A throwaway PostgreSQL server on loopback, started and stopped with deploy/postgres-local.sh and given
/// Switchboard's schema with deploy/apply-schema.sh; its data directory is removed when disposed.
/// </summary>
public sealed class LocalPostgres : IAsyncDisposable
{
    private readonly string _repository;
    private readonly string _directory;

    private LocalPostgres(string repository, string directory, int port)
    {
        _repository = repository;
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=switchboard;Maximum Pool Size=200";

    /// <summary>The server's binaries folder (/usr/lib/postgresql/NN/bin, newest first), where pgbench lives.</summary>
    public static string? BinDirectory() =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(version => Path.Combine(version, "bin"))
                .Where(bin => File.Exists(Path.Combine(bin, "pgbench")))
                .OrderByDescending(bin => int.TryParse(Path.GetFileName(Path.GetDirectoryName(bin)), out var major) ? major : 0)
                .FirstOrDefault()
            : null;

    public static async Task<LocalPostgres> Start()
    {
        var repository = RepositoryRoot();
        var directory = Path.Combine(Path.GetTempPath(), "switchboard-benchmarks", $"pg-{Guid.NewGuid():N}"[..20]);
        await Run(repository, "deploy/postgres-local.sh", "start", directory);
        var server = new LocalPostgres(repository, directory, int.Parse(await File.ReadAllTextAsync(Path.Combine(directory, "port")), System.Globalization.CultureInfo.InvariantCulture));
        try
        {
            await Run(repository, "deploy/apply-schema.sh", server.ConnectionString);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs psql against the switchboard database (ON_ERROR_STOP).</summary>
    public Task Sql(string sql) =>
        Run(_repository, "psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", $"{Port}", "-U", "postgres", "-d", "switchboard", "-c", sql);

    public async ValueTask DisposeAsync() => await Run(_repository, "deploy/postgres-local.sh", "stop", _directory);

    /// <summary>Runs a command from the repository root and returns its standard output; throws with its output if it fails.</summary>
    public static async Task<string> Run(string workingDirectory, string command, params string[] args)
    {
        var start = new ProcessStartInfo(command)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{command} {string.Join(' ', args)} exited with {process.ExitCode}: {await error}{await output}");
        }
        return await output;
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Switchboard.slnx")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException("Run the benchmarks from the repository's build output: deploy/postgres-local.sh not found above " + AppContext.BaseDirectory);
    }
}
