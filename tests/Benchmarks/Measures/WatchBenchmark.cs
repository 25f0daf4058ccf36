using System.Diagnostics;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Switchboard.Benchmarks.Hosting;
using Switchboard.Benchmarks.Reporting;
using Switchboard.V1;

namespace Switchboard.Benchmarks.Measures;

/// <summary>
/// Many supervisor dashboards on one gateway while agents' presence changes at a steady rate: how long a
/// change takes to reach each viewer (staleness), and the process CPU each extra viewer costs. The same
/// phase runs first with one viewer (the baseline) and then with all of them, on the same node.
/// </summary>
public static class WatchBenchmark
{
    private const int ParallelCalls = 32;

    public static async Task Run(BenchmarkSettings settings, Report report)
    {
        var agents = settings.WatchAgents;
        var queues = settings.WatchQueues;
        var viewers = settings.WatchViewers;
        var phase = TimeSpan.FromSeconds(settings.WatchSeconds);
        report.Section($"watch: {viewers} Watch streams, {agents} agents in {queues} queues, {settings.WatchRate:0} presence changes/s for {phase.TotalSeconds:0} s (baseline: 1 stream)");
        await using var node = await BenchmarkNode.Start();

        var queueIds = Enumerable.Range(1, queues).Select(i => $"queue-{i:000}").ToArray();
        await Parallel.ForEachAsync(queueIds, new ParallelOptions { MaxDegreeOfParallelism = ParallelCalls }, async (id, token) =>
            await node.Admin.UpsertQueueAsync(new() { Queue = new QueueConfig { QueueId = id } }, cancellationToken: token));
        var secret = (await node.Admin.CreateApiKeyAsync(new() { Name = "watch benchmark", Role = Role.Supervisor })).Secret;
        var supervisor = new SupervisorService.SupervisorServiceClient(node.Channel.Intercept(metadata =>
        {
            metadata.Add("x-api-key", secret);
            return metadata;
        }));

        var agentIds = Enumerable.Range(0, agents).Select(i => $"agent-{i:0000}").ToArray();
        await Parallel.ForEachAsync(Enumerable.Range(0, agents), new ParallelOptions { MaxDegreeOfParallelism = ParallelCalls }, async (i, token) =>
        {
            var profile = new AgentProfile { AgentId = agentIds[i] };
            profile.QueueIds.Add(queueIds[i % queues]);
            await node.Admin.UpsertAgentAsync(new() { Agent = profile }, cancellationToken: token);
            await supervisor.SetAgentPresenceAsync(new() { AgentId = agentIds[i], Presence = Presence.Away }, cancellationToken: token);
        });
        var driver = new PresenceDriver(supervisor, agentIds);

        // Unmeasured: JIT, tiering and the set-up's own writes settle before the baseline.
        await Phase(supervisor, driver, 1, settings, TimeSpan.FromSeconds(5));
        var baseline = await Phase(supervisor, driver, 1, settings, phase);
        report.Note($"1 viewer: {baseline.Describe()}");
        var loaded = await Phase(supervisor, driver, viewers, settings, phase);
        report.Note($"{viewers} viewers: {loaded.Describe()}");
        // The baseline again after the loaded phase; the CPU baseline is the mean of the two (drift on a shared machine).
        var after = await Phase(supervisor, driver, 1, settings, phase);
        report.Note($"1 viewer again: {after.Describe()}");
        var baselineCpu = (baseline.Cpu + after.Cpu) / 2;

        var cpuPerViewer = (loaded.Cpu - baselineCpu).TotalMilliseconds / Math.Max(1, viewers - 1) / phase.TotalSeconds;
        var p99 = loaded.Percentile(0.99);
        report.Add(new Finding("watch staleness",
            $"p99 change -> viewer {p99:0} ms (p50 {loaded.Percentile(0.5):0} ms, max {loaded.Percentile(1):0} ms) over {loaded.Pairs:N0} viewer x change pairs, {viewers} viewers",
            $"1 viewer: p99 {baseline.Percentile(0.99):0} ms, p50 {baseline.Percentile(0.5):0} ms",
            baseline.Percentile(0.99) > 0 ? p99 / baseline.Percentile(0.99) : null, "p99 < 1 s", p99 < 1_000));
        report.Add(new Finding("watch cpu",
            $"{cpuPerViewer:0.00} ms CPU per viewer per second ({loaded.Cpu.TotalSeconds:0.0} s CPU in {phase.TotalSeconds:0} s with {viewers} viewers)",
            $"1 viewer: {baselineCpu.TotalSeconds:0.0} s CPU in {phase.TotalSeconds:0} s (mean of before, {baseline.Cpu.TotalSeconds:0.0} s, and after, {after.Cpu.TotalSeconds:0.0} s)",
            loaded.Cpu / baselineCpu, "reported", null));
        report.Note("change instant = just before the SetAgentPresence call is sent; CPU is the whole process (node and the viewers' own reading)");
        report.Note($"load average at the end: {LoadAverage()}");
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    /// <summary>Opens the viewers, changes presence for the phase's length, waits for every change to arrive (or gives up), closes them.</summary>
    private static async Task<PhaseResult> Phase(
        SupervisorService.SupervisorServiceClient supervisor, PresenceDriver driver, int viewerCount, BenchmarkSettings settings, TimeSpan phase)
    {
        using var stop = new CancellationTokenSource();
        var viewers = new Viewer[viewerCount];
        await Parallel.ForEachAsync(Enumerable.Range(0, viewerCount), new ParallelOptions { MaxDegreeOfParallelism = ParallelCalls }, async (i, _) =>
            viewers[i] = await Viewer.Open(supervisor, driver, stop.Token));
        // Let the snapshots settle before the measured window.
        await Task.Delay(TimeSpan.FromSeconds(2));

        foreach (var viewer in viewers)
        {
            viewer.StartCounting();
        }
        var firstChange = driver.Changes;
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        await driver.Drive(settings.WatchRate, phase);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        var lastChange = driver.Changes;

        // Late arrivals count (they are the tail being measured), up to a limit.
        var grace = Stopwatch.StartNew();
        while (grace.Elapsed < TimeSpan.FromSeconds(30) && viewers.Any(v => v.Received < lastChange - firstChange))
        {
            await Task.Delay(50);
        }
        await stop.CancelAsync();
        await Task.WhenAll(viewers.Select(v => v.Close()));

        var staleness = new List<double>(viewerCount * (lastChange - firstChange));
        foreach (var viewer in viewers)
        {
            staleness.AddRange(viewer.Staleness(driver, firstChange, lastChange));
        }
        var missing = (long)viewerCount * (lastChange - firstChange) - staleness.Count;
        return new PhaseResult(staleness.Order().ToArray(), missing, lastChange - firstChange, wall.Elapsed, cpu,
            viewers.Average(v => v.Frames), viewers.Count(v => v.Failure is not null), viewers.Select(v => v.Failure).FirstOrDefault(f => f is not null));
    }

    private sealed record PhaseResult(double[] Sorted, long Missing, int Changes, TimeSpan Wall, TimeSpan Cpu, double FramesPerViewer, int Failed, string? FirstFailure)
    {
        public int Pairs => Sorted.Length;

        public double Percentile(double p) => Samples.Percentile(Sorted, p);

        public string Describe() =>
            $"{Changes} changes in {Wall.TotalSeconds:0.0} s; {Pairs:N0} arrivals, {Missing:N0} missing; staleness p50 {Percentile(0.5):0} ms, p99 {Percentile(0.99):0} ms, max {Percentile(1):0} ms; "
            + $"{FramesPerViewer:0.0} frames per viewer; CPU {Cpu.TotalSeconds:0.00} s; {Failed} viewers failed{(FirstFailure is null ? "" : $" ({FirstFailure})")}";
    }

    /// <summary>Flips agents between away and available, round-robin at a steady rate; remembers when each change was sent.</summary>
    private sealed class PresenceDriver(SupervisorService.SupervisorServiceClient supervisor, string[] agentIds)
    {
        private readonly Dictionary<string, int> _index = agentIds.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i, StringComparer.Ordinal);
        private readonly List<(int Agent, Presence Presence, long SentAt)> _changes = [];
        private readonly Presence[] _current = agentIds.Select(_ => Presence.Away).ToArray();
        private int _next;

        public int Changes
        {
            get
            {
                lock (_changes)
                {
                    return _changes.Count;
                }
            }
        }

        public int AgentCount => agentIds.Length;

        public int IndexOf(string agentId) => _index.TryGetValue(agentId, out var i) ? i : -1;

        public Presence Initial(int agent) => _current[agent];

        public (int Agent, Presence Presence, long SentAt) Change(int n)
        {
            lock (_changes)
            {
                return _changes[n];
            }
        }

        public async Task Drive(double rate, TimeSpan length)
        {
            var clock = Stopwatch.StartNew();
            var calls = new List<Task>();
            for (var n = 0; clock.Elapsed < length; n++)
            {
                var due = TimeSpan.FromSeconds(n / rate) - clock.Elapsed;
                if (due > TimeSpan.Zero)
                {
                    await Task.Delay(due);
                }
                var agent = _next++ % agentIds.Length;
                var presence = _current[agent] == Presence.Away ? Presence.Available : Presence.Away;
                _current[agent] = presence;
                lock (_changes)
                {
                    _changes.Add((agent, presence, Stopwatch.GetTimestamp()));
                }
                calls.Add(supervisor.SetAgentPresenceAsync(new() { AgentId = agentIds[agent], Presence = presence }).ResponseAsync);
            }
            await Task.WhenAll(calls);
        }
    }

    /// <summary>
    /// One dashboard: keeps the presence it last saw per agent; each time a frame shows an agent's presence
    /// differ from that, it is the arrival of that agent's next change.
    /// </summary>
    private sealed class Viewer
    {
        private readonly AsyncServerStreamingCall<WatchResponse> _call;
        private readonly PresenceDriver _driver;
        private readonly Presence[] _seen;
        private readonly int[] _changesSeen;
        private readonly List<(int Agent, int Nth, long At)> _arrivals = [];
        private Task _reader = Task.CompletedTask;

        private Viewer(AsyncServerStreamingCall<WatchResponse> call, PresenceDriver driver)
        {
            _call = call;
            _driver = driver;
            _seen = new Presence[driver.AgentCount];
            _changesSeen = new int[driver.AgentCount];
        }

        public int Frames { get; private set; }

        public string? Failure { get; private set; }

        public static async Task<Viewer> Open(SupervisorService.SupervisorServiceClient supervisor, PresenceDriver driver, CancellationToken stop)
        {
            var viewer = new Viewer(supervisor.Watch(new WatchRequest(), cancellationToken: stop), driver);
            if (!await viewer._call.ResponseStream.MoveNext(stop) || !viewer._call.ResponseStream.Current.Snapshot)
            {
                throw new InvalidOperationException("The Watch stream did not start with a snapshot.");
            }
            var snapshot = viewer._call.ResponseStream.Current;
            for (var i = 0; i < driver.AgentCount; i++)
            {
                viewer._seen[i] = driver.Initial(i);
            }
            foreach (var agent in snapshot.Agents)
            {
                var i = driver.IndexOf(agent.AgentId);
                if (i >= 0)
                {
                    viewer._seen[i] = agent.Presence;
                }
            }
            viewer._reader = Task.Run(() => viewer.Read(stop), CancellationToken.None);
            return viewer;
        }

        /// <summary>Changes seen arrive since <see cref="StartCounting"/>.</summary>
        public int Received
        {
            get
            {
                lock (_arrivals)
                {
                    return _arrivals.Count;
                }
            }
        }

        /// <summary>Forgets what arrived before the measured phase (the snapshot may have been behind changes made before it).</summary>
        public void StartCounting()
        {
            lock (_arrivals)
            {
                _arrivals.Clear();
                Array.Clear(_changesSeen);
            }
        }

        public async Task Close()
        {
            await _reader;
            _call.Dispose();
        }

        /// <summary>Milliseconds from each change of the phase being sent to its arrival here.</summary>
        public IEnumerable<double> Staleness(PresenceDriver driver, int first, int last)
        {
            // The n-th change of agent a during the phase is the n-th arrival of agent a here.
            var nth = new int[driver.AgentCount];
            var sentAt = new Dictionary<(int, int), long>();
            for (var n = first; n < last; n++)
            {
                var (agent, _, at) = driver.Change(n);
                sentAt[(agent, nth[agent]++)] = at;
            }
            lock (_arrivals)
            {
                foreach (var (agent, n, at) in _arrivals)
                {
                    if (sentAt.TryGetValue((agent, n), out var sent))
                    {
                        yield return Stopwatch.GetElapsedTime(sent, at).TotalMilliseconds;
                    }
                }
            }
        }

        private async Task Read(CancellationToken stop)
        {
            try
            {
                while (await _call.ResponseStream.MoveNext(stop))
                {
                    var frame = _call.ResponseStream.Current;
                    var at = Stopwatch.GetTimestamp();
                    Frames++;
                    foreach (var agent in frame.Agents)
                    {
                        var i = _driver.IndexOf(agent.AgentId);
                        if (i >= 0 && agent.Presence != _seen[i])
                        {
                            lock (_arrivals)
                            {
                                _seen[i] = agent.Presence;
                                _arrivals.Add((i, _changesSeen[i]++, at));
                            }
                        }
                    }
                }
            }
            catch (Exception e) when (e is RpcException or OperationCanceledException)
            {
                if (!stop.IsCancellationRequested)
                {
                    Failure = e.Message;
                }
            }
        }
    }
}
