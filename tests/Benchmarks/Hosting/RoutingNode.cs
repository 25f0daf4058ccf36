using System.Globalization;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Switchboard.Testing;
using Switchboard.V1;

namespace Switchboard.Benchmarks.Hosting;

/// <summary>What a single node has used so far: CPU, bytes allocated, collections and their pauses.</summary>
public readonly record struct NodeFigures(TimeSpan Cpu, long Allocated, long Collections, TimeSpan Paused)
{
    public static NodeFigures operator -(NodeFigures after, NodeFigures before) =>
        new(after.Cpu - before.Cpu, after.Allocated - before.Allocated, after.Collections - before.Collections, after.Paused - before.Paused);
}

/// <summary>A single node the routing benchmark drives over gRPC and reads the figures of.</summary>
public interface IRoutingNode : IAsyncDisposable
{
    /// <summary>Where the node runs, as the report says it.</summary>
    string Where { get; }

    /// <summary>Whether the node shares this process (its heap and collections are the benchmark's own).</summary>
    bool InProcess { get; }

    ChannelService.ChannelServiceClient Channels { get; }

    AgentService.AgentServiceClient Agents { get; }

    AdminService.AdminServiceClient Admin { get; }

    Task<NodeFigures> Figures();
}

/// <summary>
/// The single-node default as an operator starts it (<c>dotnet Switchboard.Silo.dll</c>, SQLite in a temporary file),
/// in a process of its own, so the benchmark's clients (a thousand desk streams, the adapters, the solves) neither
/// allocate on its heap nor share its collections. Its CPU is read from the process; its allocations and collections
/// from the runtime's meter on its <c>/metrics</c>.
/// </summary>
public sealed class NodeProcess : IRoutingNode
{
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(90);

    /// <summary>A little over how long the Prometheus exporter serves a scrape from its cache (300 ms by default).</summary>
    private static readonly TimeSpan ScrapeCache = TimeSpan.FromMilliseconds(350);

    private readonly ClusterProcess _process;
    private readonly string _databasePath;
    private readonly GrpcChannel _channel;
    private readonly HttpClient _http;

    private NodeProcess(ClusterProcess process, string databasePath)
    {
        _process = process;
        _databasePath = databasePath;
        _channel = GrpcChannel.ForAddress(process.GrpcAddress, new GrpcChannelOptions
        {
            // A gateway allows 100 streams per HTTP/2 connection; a thousand desks need more connections.
            HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true },
        });
        var invoker = _channel.Intercept(metadata =>
        {
            metadata.Add("x-api-key", BenchmarkNode.AdminKey);
            return metadata;
        });
        Channels = new ChannelService.ChannelServiceClient(invoker);
        Agents = new AgentService.AgentServiceClient(invoker);
        Admin = new AdminService.AdminServiceClient(invoker);
        _http = new HttpClient { BaseAddress = new Uri(process.WebAddress) };
    }

    public string Where => "its own process (dotnet Switchboard.Silo.dll)";

    public bool InProcess => false;

    public ChannelService.ChannelServiceClient Channels { get; }

    public AgentService.AgentServiceClient Agents { get; }

    public AdminService.AdminServiceClient Admin { get; }

    public static async Task<NodeProcess> Start()
    {
        var folder = Path.Combine(Path.GetTempPath(), "switchboard-benchmarks", $"node-{DateTime.UtcNow:HHmmss}");
        Directory.CreateDirectory(folder);
        var databasePath = BenchmarkNode.NewDatabasePath();
        var process = ClusterProcess.StartSingleNode("node", folder, [.. BenchmarkNode.Settings(databasePath)]);
        try
        {
            await process.WaitUntilServing(StartLimit);
        }
        catch
        {
            await process.DisposeAsync();
            BenchmarkNode.DeleteDatabase(databasePath);
            throw;
        }
        return new NodeProcess(process, databasePath);
    }

    /// <summary>
    /// The CPU as of the call; the collector's figures as of a scrape made after it. The exporter answers a scrape from a
    /// copy up to 300 ms old (its default cache), so the scrape waits that long first: what the node allocates in the
    /// wait is counted too (an idle node's, small beside a phase's).
    /// </summary>
    public async Task<NodeFigures> Figures()
    {
        var cpu = _process.ProcessorTime;
        await Task.Delay(ScrapeCache);
        var text = await _http.GetStringAsync("/metrics");
        return new NodeFigures(cpu, (long)Sum(text, "dotnet_gc_heap_total_allocated_bytes_total"), (long)Sum(text, "dotnet_gc_collections_total"),
            TimeSpan.FromSeconds(Sum(text, "dotnet_gc_pause_time_seconds_total")));
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        _channel.Dispose();
        await _process.DisposeAsync();
        BenchmarkNode.DeleteDatabase(_databasePath);
    }

    /// <summary>The sum of a metric's samples (every label set) in Prometheus text.</summary>
    private static double Sum(string text, string metric)
    {
        var sum = 0.0;
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith(metric, StringComparison.Ordinal) && line.Length > metric.Length && line[metric.Length] is '{' or ' ')
            {
                sum += double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
            }
        }
        return sum;
    }
}
