using System.Diagnostics;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;

namespace Switchboard.EndToEnd.Harness;

/// <summary>
/// One Switchboard process of its own (`dotnet Switchboard.Silo.dll --mode silo ...` or the gateway's dll), as
/// deploy/local-cluster.sh starts it, so a test can SIGKILL it. Its console output goes to a log file.
/// </summary>
public sealed class ClusterProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;

    private ClusterProcess(string name, Process process, StreamWriter log, int grpcPort, int webPort)
    {
        Name = name;
        _process = process;
        _log = log;
        GrpcAddress = $"http://127.0.0.1:{grpcPort}";
        WebAddress = webPort > 0 ? $"http://127.0.0.1:{webPort}" : "";
    }

    public string Name { get; }

    public string GrpcAddress { get; }

    public string WebAddress { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>Starts <c>dotnet {assembly} {args}</c> from the test binaries' folder, where both executables are built.</summary>
    public static ClusterProcess Start(string name, string assembly, string logDirectory, int grpcPort, int webPort, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, assembly));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        var log = new StreamWriter(Path.Combine(logDirectory, $"{name}.log")) { AutoFlush = true };
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, line) => Write(log, line.Data);
        process.ErrorDataReceived += (_, line) => Write(log, line.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ClusterProcess(name, process, log, grpcPort, webPort);
    }

    /// <summary>Waits until the process's gRPC health check answers Serving (a silo: an active member; a gateway: the cluster answers).</summary>
    public async Task WaitUntilServing(TimeSpan limit)
    {
        using var channel = GrpcChannel.ForAddress(GrpcAddress);
        var health = new Health.HealthClient(channel);
        var deadline = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with {_process.ExitCode} while starting; see its log");
            }
            try
            {
                var answer = await health.CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(2));
                if (answer.Status == HealthCheckResponse.Types.ServingStatus.Serving)
                {
                    return;
                }
            }
            catch (RpcException)
            {
                // Not listening yet, or not ready.
            }
            await Task.Delay(250);
        }
        throw new TimeoutException($"{Name} did not report Serving within {limit.TotalSeconds} s");
    }

    /// <summary>SIGKILL: no shutdown, no goodbye to the membership table, connections cut mid-call.</summary>
    public async Task Kill()
    {
        _process.Kill(entireProcessTree: false);
        await _process.WaitForExitAsync();
    }

    /// <summary>
    /// SIGSTOP: the process stops answering but keeps its sockets open, so calls sent to it wait in flight (the way a
    /// hung host looks to its peers) until <see cref="Kill"/> cuts them.
    /// </summary>
    public async Task Freeze()
    {
        using var signal = Process.Start("kill", ["-STOP", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await signal.WaitForExitAsync();
        if (signal.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -STOP {_process.Id} ({Name}) exited with {signal.ExitCode}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await Kill();
        }
        _process.Dispose();
        lock (_log)
        {
            _log.Dispose();
        }
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (log)
        {
            if (log.BaseStream.CanWrite)
            {
                log.WriteLine(line);
            }
        }
    }
}
