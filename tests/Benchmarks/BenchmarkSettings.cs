namespace Switchboard.Benchmarks;

/// <summary>Sizes of each benchmark; the defaults keep `all` under five minutes on a 2-core machine.</summary>
public sealed record BenchmarkSettings
{
    /// <summary>Adapter (and echo) streams the ingest and routing traffic is spread over.</summary>
    public int Streams { get; init; } = 8;

    /// <summary>Messages each ingest stream sends in the timed round.</summary>
    public int IngestMessagesPerStream { get; init; } = 1_000;

    /// <summary>Messages per conversation in ingest and pgingest: 1 makes every message open a ticket for a new customer.</summary>
    public int MessagesPerConversation { get; init; } = 10;

    /// <summary>Frames a stream keeps unacknowledged.</summary>
    public int Window { get; init; } = 16;

    /// <summary>Auto-accepting agents in the routing benchmark's one queue.</summary>
    public int RoutingAgents { get; init; } = 1_000;

    /// <summary>
    /// How long the routing benchmark keeps draining and solving backlogs after its cold drain, before the timed one: long
    /// enough for tiered compilation to finish with the hot paths (with dynamic PGO they run instrumented for a while).
    /// </summary>
    public TimeSpan RoutingWarmUp { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>New tickets per second in the routing latency phase.</summary>
    public double RoutingRate { get; init; } = 200;

    /// <summary>
    /// How long the routing latency phase sends new tickets at <see cref="RoutingRate"/>. The desks solve what they are
    /// given as it runs, so the floor keeps free capacity however long it lasts; long enough that the collections a
    /// steady load causes fall inside it.
    /// </summary>
    public TimeSpan RoutingPacedDuration { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Whether the routing benchmark hosts the node in its own process, as it did before its clients moved out: then the
    /// desk streams, adapters and solves allocate on the node's heap and share its collections, which a deployed node
    /// does not. By default the node is a process of its own (<c>dotnet Switchboard.Silo.dll</c>).
    /// </summary>
    public bool RoutingInProcess { get; init; }

    public int MemoryTickets { get; init; } = 20_000;

    public int MemoryAgents { get; init; } = 2_000;

    /// <summary>Concurrent Watch streams in the watch benchmark's loaded phase.</summary>
    public int WatchViewers { get; init; } = 1_000;

    public int WatchAgents { get; init; } = 1_000;

    public int WatchQueues { get; init; } = 100;

    /// <summary>Presence changes per second, round-robin through the agents.</summary>
    public double WatchRate { get; init; } = 50;

    /// <summary>Length of each watch phase (1 viewer, then all of them).</summary>
    public int WatchSeconds { get; init; } = 20;

    /// <summary>How long each side of the PostgreSQL ingest comparison runs (Switchboard, then pgbench).</summary>
    public TimeSpan PostgresIngestDuration { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// How long Switchboard's side of pgingest runs before it is timed. The silo and gateway are fresh processes: for
    /// about half a minute the JIT compiles and recompiles the hot paths (tiered compilation), which took a sixth of the
    /// machine's CPU in a timed window that began 3 s in. pgbench, a native program, has no such start.
    /// </summary>
    public TimeSpan PostgresIngestWarmUp { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Timed rounds of each side of pgingest, alternated and bracketed by pgbench (pgbench, Switchboard, pgbench, ...),
    /// so a drift in what the shared machine gives (pgbench alone varied 8,500-14,500 INSERTs/s between runs) falls on
    /// both sides rather than on one.
    /// </summary>
    public int PostgresIngestRounds { get; init; } = 2;

    /// <summary>
    /// Npgsql connection-string settings added to what the silo and gateway of pgingest are given (their own defaults
    /// stand for whatever this leaves unset): compare a setting against the default in the same conditions.
    /// </summary>
    public string PostgresConnectionSettings { get; init; } = "";
}
