using System.Diagnostics;
using System.Text;

namespace Switchboard.Testing;

/// <summary>
/// A built Switchboard executable run as an operator runs it, <c>dotnet {assembly} {args}</c>, in a process of its
/// own. Its stdout and stderr go line by line either to memory (<see cref="Stdout"/>, <see cref="Stderr"/>) or to
/// one log file. Disposing ends the process if it is still running.
/// </summary>
public sealed class DotnetProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly StreamWriter? _log;

    private DotnetProcess(Process process, StreamWriter? log)
    {
        _process = process;
        _log = log;
    }

    /// <summary>What the process has written to stdout so far (empty when its output goes to a log file).</summary>
    public string Stdout => Read(_stdout);

    /// <summary>What the process has written to stderr so far (empty when its output goes to a log file).</summary>
    public string Stderr => Read(_stderr);

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>The operating system's process id, for signals other than a kill.</summary>
    public int Id => _process.Id;

    /// <summary>User plus system CPU time the process has used so far.</summary>
    public TimeSpan ProcessorTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <summary>
    /// Starts <c>dotnet {assemblyPath} {args}</c> in <paramref name="workingDirectory"/>; its output is kept in memory,
    /// or appended to <paramref name="logFile"/> (stdout and stderr together) when one is given.
    /// </summary>
    public static DotnetProcess Start(string assemblyPath, string workingDirectory, IEnumerable<string> args, string? logFile = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(assemblyPath);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        var log = logFile is null ? null : new StreamWriter(logFile) { AutoFlush = true };
        var running = new DotnetProcess(new Process { StartInfo = start }, log);
        running._process.OutputDataReceived += (_, line) => running.Write(running._stdout, line.Data);
        running._process.ErrorDataReceived += (_, line) => running.Write(running._stderr, line.Data);
        running._process.Start();
        running._process.BeginOutputReadLine();
        running._process.BeginErrorReadLine();
        return running;
    }

    /// <summary>Waits for the process to end on its own, with its output read to the end; false if it still runs after <paramref name="within"/>.</summary>
    public async Task<bool> WaitForExit(TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        _process.WaitForExit(); // Drains the redirected streams.
        return true;
    }

    /// <summary>SIGKILL: no shutdown, connections cut mid-call. The process tree too when asked.</summary>
    public async Task Kill(bool entireProcessTree = false)
    {
        _process.Kill(entireProcessTree);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await Kill(entireProcessTree: true);
        }
        _process.Dispose();
        if (_log is not null)
        {
            lock (_log)
            {
                _log.Dispose();
            }
        }
    }

    private void Write(StringBuilder memory, string? line)
    {
        if (line is null)
        {
            return;
        }
        if (_log is null)
        {
            lock (memory)
            {
                memory.AppendLine(line);
            }
            return;
        }
        lock (_log)
        {
            // A line can still arrive while the process is being disposed.
            if (_log.BaseStream.CanWrite)
            {
                _log.WriteLine(line);
            }
        }
    }

    private static string Read(StringBuilder memory)
    {
        lock (memory)
        {
            return memory.ToString();
        }
    }
}
