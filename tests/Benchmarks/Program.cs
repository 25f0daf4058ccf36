using System.CommandLine;
using Switchboard.Benchmarks;
using Switchboard.Benchmarks.Measures;
using Switchboard.Benchmarks.Reporting;

var benchmark = new Argument<string>("benchmark") { Description = "all, ingest, append, outbox, routing, memory, coldstart, watch, pgingest (PostgreSQL cluster ingest against pgbench) or grainread (grain-state reads on PostgreSQL); the last two not part of all", DefaultValueFactory = _ => "all" };
benchmark.AcceptOnlyFromAmong("all", "ingest", "append", "outbox", "routing", "memory", "coldstart", "watch", "pgingest", "grainread");
var streams = new Option<int>("--streams") { Description = "Adapter streams for ingest and routing", DefaultValueFactory = _ => 8 };
var ingestMessages = new Option<int>("--ingest-messages") { Description = "Messages per stream in the timed ingest round", DefaultValueFactory = _ => 1_000 };
var agents = new Option<int>("--agents") { Description = "Auto-accepting agents in the routing benchmark", DefaultValueFactory = _ => 1_000 };
var routingRate = new Option<double>("--routing-rate") { Description = "New tickets per second in the routing latency phase", DefaultValueFactory = _ => 200 };
var memoryTickets = new Option<int>("--memory-tickets") { Description = "Idle open tickets activated by the memory benchmark (try 100000)", DefaultValueFactory = _ => 20_000 };
var perConversation = new Option<int>("--messages-per-conversation") { Description = "Messages per conversation in ingest and pgingest (1: every message opens a ticket)", DefaultValueFactory = _ => 10 };
var pgSeconds = new Option<int>("--pg-seconds") { Description = "Seconds each round of pgingest runs, Switchboard's and pgbench's alike", DefaultValueFactory = _ => 20 };
var routingWarmUp = new Option<int>("--routing-warmup") { Description = "Seconds the routing benchmark drains and solves backlogs after its cold drain, before timing one", DefaultValueFactory = _ => 30 };
var routingSeconds = new Option<int>("--routing-seconds") { Description = "Seconds the routing latency phase sends new tickets (agents solve what they are given as it runs)", DefaultValueFactory = _ => 5 };
var pgRounds = new Option<int>("--pg-rounds") { Description = "Timed rounds of each side of pgingest, alternated, with pgbench before the first and after each", DefaultValueFactory = _ => 2 };
var pgWarmUp = new Option<int>("--pg-warmup") { Description = "Seconds Switchboard's side of pgingest runs untimed first, while the JIT settles", DefaultValueFactory = _ => 30 };
var pgConnection = new Option<string>("--pg-connection") { Description = "Npgsql settings pgingest adds to the silo's and gateway's connection string, to compare them (e.g. \"Multiplexing=false\")", DefaultValueFactory = _ => "" };
var routingInProcess = new Option<bool>("--routing-in-process") { Description = "Host the routing benchmark's node in the benchmark's process (with its clients) instead of its own" };
var memoryAgents = new Option<int>("--memory-agents") { Description = "Agents activated by the memory benchmark", DefaultValueFactory = _ => 2_000 };

var watchViewers = new Option<int>("--watch-viewers") { Description = "Concurrent Watch streams in the watch benchmark", DefaultValueFactory = _ => 1_000 };
var watchRate = new Option<double>("--watch-rate") { Description = "Presence changes per second in the watch benchmark", DefaultValueFactory = _ => 50 };
var watchSeconds = new Option<int>("--watch-seconds") { Description = "Length of each watch phase (1 viewer, then all)", DefaultValueFactory = _ => 20 };

var command = new RootCommand("Switchboard's speed and memory figures, each against a baseline measured in the same run.")
{
    benchmark, streams, ingestMessages, agents, routingRate, memoryTickets, memoryAgents, watchViewers, watchRate, watchSeconds, pgSeconds, pgWarmUp, pgRounds, pgConnection, routingWarmUp, routingSeconds, routingInProcess, perConversation,
};
command.SetAction(async result =>
{
    var settings = new BenchmarkSettings
    {
        Streams = Math.Max(1, result.GetValue(streams)),
        IngestMessagesPerStream = Math.Max(100, result.GetValue(ingestMessages)),
        RoutingAgents = Math.Max(1, result.GetValue(agents)),
        RoutingRate = Math.Max(1, result.GetValue(routingRate)),
        RoutingWarmUp = TimeSpan.FromSeconds(Math.Clamp(result.GetValue(routingWarmUp), 0, 600)),
        RoutingPacedDuration = TimeSpan.FromSeconds(Math.Clamp(result.GetValue(routingSeconds), 1, 600)),
        RoutingInProcess = result.GetValue(routingInProcess),
        MemoryTickets = Math.Max(100, result.GetValue(memoryTickets)),
        MemoryAgents = Math.Max(10, result.GetValue(memoryAgents)),
        WatchViewers = Math.Max(2, result.GetValue(watchViewers)),
        WatchRate = Math.Max(1, result.GetValue(watchRate)),
        WatchSeconds = Math.Max(5, result.GetValue(watchSeconds)),
        MessagesPerConversation = Math.Max(1, result.GetValue(perConversation)),
        PostgresIngestDuration = TimeSpan.FromSeconds(Math.Clamp(result.GetValue(pgSeconds), 1, 600)),
        PostgresIngestWarmUp = TimeSpan.FromSeconds(Math.Clamp(result.GetValue(pgWarmUp), 1, 600)),
        PostgresIngestRounds = Math.Clamp(result.GetValue(pgRounds), 1, 10),
        PostgresConnectionSettings = result.GetValue(pgConnection) ?? "",
    };
    var which = result.GetValue(benchmark)!;
    var report = new Report(Console.Out);
    Console.WriteLine($"Switchboard benchmarks, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, .NET {Environment.Version}, {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")} GC");
    var started = System.Diagnostics.Stopwatch.StartNew();
    var all = which == "all";
    if (all || which == "ingest")
    {
        await IngestBenchmark.Run(settings, report);
    }
    if (all || which == "append")
    {
        await AppendBenchmark.Run(report);
    }
    if (all || which == "outbox")
    {
        await OutboxBenchmark.Run(report);
    }
    if (all || which == "routing")
    {
        await RoutingBenchmark.Run(settings, report);
    }
    if (all || which == "memory")
    {
        await MemoryBenchmark.Run(settings, report);
    }
    if (all || which == "coldstart")
    {
        await ColdStartBenchmark.Run(report);
    }
    if (all || which == "watch")
    {
        await WatchBenchmark.Run(settings, report);
    }
    // Needs PostgreSQL's binaries and starts a server of its own, so only on request.
    if (which == "pgingest")
    {
        await PostgresIngestBenchmark.Run(settings, report);
    }
    if (which == "grainread")
    {
        await GrainReadBenchmark.Run(report);
    }
    Console.WriteLine($"\nFinished in {started.Elapsed.TotalSeconds:0} s.\n");
    Console.Write(report.ToMarkdown());
    return 0;
});
return await command.Parse(args).InvokeAsync();
