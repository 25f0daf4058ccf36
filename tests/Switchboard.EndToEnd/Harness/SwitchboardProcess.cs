using System.Diagnostics;
using System.Text;
using Switchboard.Testing;

namespace Switchboard.EndToEnd.Harness;

/// <summary>
/// The built Switchboard executable (Silo/bin/&lt;configuration&gt;/&lt;framework&gt;/Switchboard.Silo.dll) as an
/// operator starts it, in a process of its own, with its stdout and stderr collected line by line.
/// </summary>
public sealed class SwitchboardProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();

    private SwitchboardProcess(Process process) => _process = process;

    public string Stdout
    {
        get
        {
            lock (_stdout)
            {
                return _stdout.ToString();
            }
        }
    }

    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>The executable built beside these tests: the same configuration and target framework.</summary>
    public static string ExecutablePath()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = output.Name;
        var configuration = output.Parent!.Name;
        var path = Path.Combine(TestPostgres.RepositoryRoot(), "Silo", "bin", configuration, framework, "Switchboard.Silo.dll");
        return File.Exists(path) ? path : throw new InvalidOperationException($"{path} is missing; build the solution first.");
    }

    public static SwitchboardProcess Start(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        start.ArgumentList.Add(ExecutablePath());
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        var process = new Process { StartInfo = start };
        var running = new SwitchboardProcess(process);
        process.OutputDataReceived += (_, line) => Append(running._stdout, line.Data);
        process.ErrorDataReceived += (_, line) => Append(running._stderr, line.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return running;
    }

    /// <summary>Waits for the process to end on its own and returns its exit code; fails the test if it runs on.</summary>
    public async Task<int> Exited(TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"Switchboard still running after {within.TotalSeconds} s.\nstdout:\n{Stdout}\nstderr:\n{Stderr}");
        }
        _process.WaitForExit(); // Drains the redirected streams.
        return _process.ExitCode;
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (output)
        {
            output.AppendLine(line);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
