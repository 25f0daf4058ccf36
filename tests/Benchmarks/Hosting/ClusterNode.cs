using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Switchboard.V1;

namespace Switchboard.Benchmarks.Hosting;

/// <summary>
/// Switchboard in cluster mode as operators run it: one silo process (<c>Switchboard.Silo.dll --mode silo</c>)
/// and one gateway process (<c>Switchboard.Gateway.dll</c>) on loopback, storing everything in PostgreSQL and
/// finding each other through its membership table. The benchmark reaches the gateway over gRPC only.
/// Each process's console output goes to a log file in the benchmark's temporary folder.
/// </summary>
public sealed class ClusterNode : IAsyncDisposable
{
    private readonly List<Process> _processes = [];
    private readonly GrpcChannel _channel;

    private ClusterNode(string gatewayAddress)
    {
        GatewayAddress = gatewayAddress;
        _channel = GrpcChannel.ForAddress(gatewayAddress, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true },
        });
        Channels = new ChannelService.ChannelServiceClient(_channel.Intercept(metadata =>
        {
            metadata.Add("x-api-key", BenchmarkNode.AdminKey);
            return metadata;
        }));
    }

    public string GatewayAddress { get; }

    public ChannelService.ChannelServiceClient Channels { get; }

    public static async Task<ClusterNode> Start(string connectionString)
    {
        var logs = Path.Combine(Path.GetTempPath(), "switchboard-benchmarks", $"cluster-{DateTime.UtcNow:HHmmss}");
        Directory.CreateDirectory(logs);
        var clusterId = $"bench-{Guid.NewGuid():N}"[..20];
        string[] common =
        [
            "--Switchboard:Storage:Kind=postgres",
            $"--Switchboard:Storage:ConnectionString={connectionString}",
            $"--Switchboard:ClusterId={clusterId}",
            "--Switchboard:ListenAddress=127.0.0.1",
            "--Serilog:MinimumLevel:Default=Warning",
            $"--Switchboard:Auth:DemoAdminKey={BenchmarkNode.AdminKey}",
            // Load comes from one key; the per-key limits are for tenants' callers, not for this measure.
            "--Switchboard:Auth:RequestsPerSecond=1000000",
            "--Switchboard:Auth:Burst=1000000",
            "--Switchboard:Auth:MaxStreamsPerKey=100000",
        ];
        var siloGrpc = FreePort();
        var gatewayGrpc = FreePort();
        var node = new ClusterNode($"http://127.0.0.1:{gatewayGrpc}");
        try
        {
            node._processes.Add(Launch("Switchboard.Silo.dll", Path.Combine(logs, "silo.log"),
            [
                "--mode", "silo", .. common,
                "--Switchboard:AdvertisedAddress=127.0.0.1",
                $"--Switchboard:SiloPort={FreePort()}",
                $"--Switchboard:OrleansGatewayPort={FreePort()}",
                $"--Switchboard:GrpcPort={siloGrpc}",
            ]));
            await WaitUntilServing($"http://127.0.0.1:{siloGrpc}", node._processes[0], "silo");
            node._processes.Add(Launch("Switchboard.Gateway.dll", Path.Combine(logs, "gateway.log"),
            [
                .. common,
                $"--Switchboard:GrpcPort={gatewayGrpc}",
                $"--Switchboard:WebPort={FreePort()}",
            ]));
            await WaitUntilServing(node.GatewayAddress, node._processes[1], "gateway");
            return node;
        }
        catch
        {
            await node.DisposeAsync();
            throw;
        }
    }

    /// <summary>User plus system CPU seconds the silo and gateway processes have used so far.</summary>
    public double CpuSeconds()
    {
        var total = 0.0;
        foreach (var process in _processes)
        {
            process.Refresh();
            total += process.TotalProcessorTime.TotalSeconds;
        }
        return total;
    }

    public async ValueTask DisposeAsync()
    {
        _channel.Dispose();
        foreach (var process in Enumerable.Reverse(_processes))
        {
            if (!process.HasExited)
            {
                process.Kill();
                await process.WaitForExitAsync();
            }
            process.Dispose();
        }
    }

    private static Process Launch(string assembly, string logFile, IEnumerable<string> args)
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
        var log = TextWriter.Synchronized(new StreamWriter(logFile) { AutoFlush = true });
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, line) => { if (line.Data is not null) { log.WriteLine(line.Data); } };
        process.ErrorDataReceived += (_, line) => { if (line.Data is not null) { log.WriteLine(line.Data); } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitUntilServing(string address, Process process, string name)
    {
        using var channel = GrpcChannel.ForAddress(address);
        var health = new Health.HealthClient(channel);
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The {name} process exited with {process.ExitCode} while starting; see its log under {Path.GetTempPath()}switchboard-benchmarks");
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
        throw new TimeoutException($"The {name} process did not report Serving within 90 s");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
