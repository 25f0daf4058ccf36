using Switchboard.Testing;

namespace Switchboard.EndToEnd.Harness;

/// <summary>
/// The built Switchboard executable (Silo/bin/&lt;configuration&gt;/&lt;framework&gt;/Switchboard.Silo.dll) as an
/// operator starts it, in a process of its own, with its stdout and stderr collected line by line.
/// </summary>
public sealed class SwitchboardProcess : IAsyncDisposable
{
    private readonly DotnetProcess _process;

    private SwitchboardProcess(DotnetProcess process) => _process = process;

    public string Stdout => _process.Stdout;

    public string Stderr => _process.Stderr;

    /// <summary>The executable built beside these tests: the same configuration and target framework.</summary>
    public static string ExecutablePath()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = output.Name;
        var configuration = output.Parent!.Name;
        var path = Path.Combine(Repository.Root(), "Silo", "bin", configuration, framework, "Switchboard.Silo.dll");
        return File.Exists(path) ? path : throw new InvalidOperationException($"{path} is missing; build the solution first.");
    }

    public static SwitchboardProcess Start(params string[] args) =>
        new(DotnetProcess.Start(ExecutablePath(), Path.GetTempPath(), args));

    /// <summary>Waits for the process to end on its own and returns its exit code; fails the test if it runs on.</summary>
    public async Task<int> Exited(TimeSpan within)
    {
        if (!await _process.WaitForExit(within))
        {
            Assert.Fail($"Switchboard still running after {within.TotalSeconds} s.\nstdout:\n{Stdout}\nstderr:\n{Stderr}");
        }
        return _process.ExitCode;
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
