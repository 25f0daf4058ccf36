using Switchboard.Testing;
using Switchboard.V1;

namespace Switchboard.Benchmarks.Hosting;

/// <summary>
/// What a single node has used so far: CPU, bytes allocated, collections and their pauses; and, when read from its
/// <c>/metrics</c>, the offers its queues made and how many of them came more than 10 ms after the ticket started
/// waiting (<c>switchboard_routing_offer_latency_seconds</c>, as the node itself timed them).
/// </summary>
public readonly record struct NodeFigures(TimeSpan Cpu, long Allocated, long Collections, TimeSpan Paused, long Offers = 0, long OffersOver10Ms = 0)
{
    public static NodeFigures operator -(NodeFigures after, NodeFigures before) =>
        new(after.Cpu - before.Cpu, after.Allocated - before.Allocated, after.Collections - before.Collections, after.Paused - before.Paused,
            after.Offers - before.Offers, after.OffersOver10Ms - before.OffersOver10Ms);
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
    private readonly GatewayClients _clients;
    private readonly HttpClient _http;

    private NodeProcess(ClusterProcess process, string databasePath)
    {
        _process = process;
        _databasePath = databasePath;
        _clients = new GatewayClients(process.GrpcAddress);
        _http = new HttpClient { BaseAddress = new Uri(process.WebAddress) };
    }

    public string Where => "its own process (dotnet Switchboard.Silo.dll)";

    public bool InProcess => false;

    public ChannelService.ChannelServiceClient Channels => _clients.Channels;

    public AgentService.AgentServiceClient Agents => _clients.Agents;

    public AdminService.AdminServiceClient Admin => _clients.Admin;

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
        var samples = PrometheusSamples.Parse(await _http.GetStringAsync("/metrics"));
        var offers = (long)samples.Sum("switchboard_routing_offer_latency_seconds_count");
        return new NodeFigures(cpu, (long)samples.Sum("dotnet_gc_heap_total_allocated_bytes_total"), (long)samples.Sum("dotnet_gc_collections_total"),
            TimeSpan.FromSeconds(samples.Sum("dotnet_gc_pause_time_seconds_total")),
            offers, offers - (long)samples.Sum("switchboard_routing_offer_latency_seconds_bucket", "le=\"0.01\""));
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        _clients.Dispose();
        await _process.DisposeAsync();
        BenchmarkNode.DeleteDatabase(_databasePath);
    }
}
