using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;

namespace Switchboard.Testing;

/// <summary>
/// One process of a cluster on loopback, as deploy/local-cluster.sh starts it: a silo
/// (<c>dotnet Switchboard.Silo.dll --mode silo</c>) or a gateway (<c>dotnet Switchboard.Gateway.dll</c>), both run from
/// the build output the caller runs from, on free ports, its console output in <c>{logDirectory}/{name}.log</c>.
/// The caller's settings say which cluster it joins (storage, cluster id, keys); they come last, so they win.
/// </summary>
public sealed class ClusterProcess : IAsyncDisposable
{
    private readonly DotnetProcess _process;

    private ClusterProcess(string name, DotnetProcess process, string logFile, int grpcPort, int webPort)
    {
        Name = name;
        _process = process;
        LogFile = logFile;
        GrpcAddress = $"http://127.0.0.1:{grpcPort}";
        WebAddress = webPort > 0 ? $"http://127.0.0.1:{webPort}" : "";
    }

    public string Name { get; }

    public string LogFile { get; }

    public string GrpcAddress { get; }

    /// <summary>The browser port of a gateway or a single node; empty for a silo.</summary>
    public string WebAddress { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>User plus system CPU time the process has used so far.</summary>
    public TimeSpan ProcessorTime => _process.ProcessorTime;

    public static ClusterProcess StartSilo(string name, string logDirectory, IEnumerable<string> settings)
    {
        var grpc = LoopbackPort.Free();
        return Start(name, "Switchboard.Silo.dll", logDirectory, grpc, 0,
        [
            "--mode", "silo",
            "--Switchboard:ListenAddress=127.0.0.1",
            "--Switchboard:AdvertisedAddress=127.0.0.1",
            $"--Switchboard:SiloPort={LoopbackPort.Free()}",
            $"--Switchboard:OrleansGatewayPort={LoopbackPort.Free()}",
            $"--Switchboard:GrpcPort={grpc}",
            .. settings,
        ]);
    }

    /// <summary>
    /// The single-node default (<c>dotnet Switchboard.Silo.dll</c>: silo, gateway and web port in one process) on free
    /// loopback ports; the caller's settings name its storage and keys.
    /// </summary>
    public static ClusterProcess StartSingleNode(string name, string logDirectory, IEnumerable<string> settings)
    {
        var (grpc, web) = (LoopbackPort.Free(), LoopbackPort.Free());
        return Start(name, "Switchboard.Silo.dll", logDirectory, grpc, web,
        [
            $"--Switchboard:SiloPort={LoopbackPort.Free()}",
            $"--Switchboard:OrleansGatewayPort={LoopbackPort.Free()}",
            $"--Switchboard:GrpcPort={grpc}",
            $"--Switchboard:WebPort={web}",
            .. settings,
        ]);
    }

    public static ClusterProcess StartGateway(string name, string logDirectory, IEnumerable<string> settings)
    {
        var (grpc, web) = (LoopbackPort.Free(), LoopbackPort.Free());
        return Start(name, "Switchboard.Gateway.dll", logDirectory, grpc, web,
        [
            "--Switchboard:ListenAddress=127.0.0.1",
            $"--Switchboard:GrpcPort={grpc}",
            $"--Switchboard:WebPort={web}",
            .. settings,
        ]);
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
                throw new InvalidOperationException($"{Name} exited with {_process.ExitCode} while starting; see {LogFile}");
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
                // Not listening yet, or not an active member yet.
            }
            await Task.Delay(250);
        }
        throw new TimeoutException($"{Name} did not report Serving within {limit.TotalSeconds} s; see {LogFile}");
    }

    /// <summary>SIGKILL: no shutdown, no goodbye to the membership table, connections cut mid-call.</summary>
    public Task Kill() => _process.Kill();

    /// <summary>
    /// SIGSTOP: the process stops answering but keeps its sockets open, so calls sent to it wait in flight (the way a
    /// hung host looks to its peers) until <see cref="Kill"/> cuts them.
    /// </summary>
    public async Task Freeze()
    {
        using var signal = System.Diagnostics.Process.Start("kill", ["-STOP", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await signal.WaitForExitAsync();
        if (signal.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -STOP {_process.Id} ({Name}) exited with {signal.ExitCode}");
        }
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();

    private static ClusterProcess Start(string name, string assembly, string logDirectory, int grpcPort, int webPort, IEnumerable<string> args)
    {
        var logFile = Path.Combine(logDirectory, $"{name}.log");
        var process = DotnetProcess.Start(Path.Combine(AppContext.BaseDirectory, assembly), AppContext.BaseDirectory, args, logFile);
        return new ClusterProcess(name, process, logFile, grpcPort, webPort);
    }
}
