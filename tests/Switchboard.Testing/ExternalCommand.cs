using System.Diagnostics;

namespace Switchboard.Testing;

/// <summary>A short-lived command (a deploy/ script, psql, pgbench) run to completion with its output collected.</summary>
public static class ExternalCommand
{
    private static readonly TimeSpan DefaultLimit = TimeSpan.FromMinutes(10);

    /// <summary>Runs <paramref name="file"/> in <paramref name="workingDirectory"/> and returns its standard output; throws with both outputs if it fails or runs past <paramref name="limit"/>.</summary>
    public static async Task<string> Run(string workingDirectory, string file, IEnumerable<string> args, TimeSpan? limit = null)
    {
        var start = new ProcessStartInfo(file)
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
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(limit ?? DefaultLimit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Describe(file, start.ArgumentList)} still running after {(limit ?? DefaultLimit).TotalSeconds} s");
        }
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Describe(file, start.ArgumentList)} exited with {process.ExitCode}: {await errors}{await output}");
        }
        return await output;
    }

    private static string Describe(string file, IEnumerable<string> args) => string.Join(' ', [file, .. args]);
}
