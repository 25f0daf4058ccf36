using System.Collections.Concurrent;
using System.Diagnostics;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Switchboard.Benchmarks.Hosting;
using Switchboard.Benchmarks.Reporting;
using Switchboard.V1;

namespace Switchboard.Benchmarks.Measures;

/// <summary>
/// One queue, N auto-accepting agents on desk streams. Assignments/s: all agents are signed in, but the queue
/// requires a skill none of them has, so a backlog of N tickets builds up; dropping the requirement makes all of
/// them routable at once, and the drain is timed from that call to the last assignment on a desk, against the
/// rate the same tickets were opened (the baseline: routing should keep up with ticket creation). The first drain runs
/// on code the JIT has not seen run yet (reported as the cold drain); then rounds of the same (a backlog opened, drained
/// and every ticket solved) run for the warm-up time, while the JIT recompiles the hot paths with what it profiled;
/// then the timed drain (the figure: what a node that has been routing for a while sustains).
/// Latency: new tickets at a steady rate, from the inbound ack (and from the send) to the offer arriving on a desk.
/// </summary>
public static class RoutingBenchmark
{
    private const int ParallelCalls = 32;

    private static readonly TimeSpan IdleWindow = TimeSpan.FromSeconds(5);

    public static async Task Run(BenchmarkSettings settings, Report report)
    {
        var agents = settings.RoutingAgents;
        var paced = (int)Math.Ceiling(settings.RoutingRate * settings.RoutingPacedDuration.TotalSeconds);
        report.Section($"routing: {agents} auto-accepting agents, one queue; backlog of {agents} tickets, then {paced} at {settings.RoutingRate:0}/s, solved as they are assigned");
        await using IRoutingNode node = settings.RoutingInProcess ? await BenchmarkNode.Start() : await NodeProcess.Start();
        report.Note($"the node runs in {node.Where}; its CPU, allocations and collections are {(node.InProcess ? "the whole process's" : "its process's alone")}");
        using var desks = new DeskFloor();
        var ids = Enumerable.Range(1, agents).Select(i => $"agent-{i:0000}").ToArray();
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = ParallelCalls }, async (id, token) =>
        {
            await node.Admin.UpsertAgentAsync(new() { Agent = new AgentProfile { AgentId = id, AutoAccept = true } }, cancellationToken: token);
            await desks.Open(node, id);
        });

        var gated = new QueueConfig { QueueId = "default", DisplayName = "Default" };
        gated.RequiredSkills.Add(new Skill { Name = "benchmark-gate", Proficiency = 1 });
        await node.Admin.UpsertQueueAsync(new() { Queue = gated });
        var login = Stopwatch.StartNew();
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = ParallelCalls }, async (id, token) =>
            await node.Agents.SetPresenceAsync(new() { AgentId = id, Presence = Presence.Available }, cancellationToken: token));
        var loginsPerSecond = agents / login.Elapsed.TotalSeconds;

        // What the signed-in floor costs with no tickets (desk streams, credential re-checks, timers): the paced
        // phase's CPU per ticket includes this much per second.
        await Task.Delay(TimeSpan.FromSeconds(2));
        var beforeIdle = await node.Figures();
        var idle = Stopwatch.StartNew();
        Console.WriteLine($"  (idle floor: {IdleWindow.TotalSeconds:0} s with {agents} desks signed in and no tickets)");
        await Task.Delay(IdleWindow);
        var idleCpuShare = ((await node.Figures()).Cpu - beforeIdle.Cpu).TotalMilliseconds / idle.Elapsed.TotalMilliseconds;

        async Task<(double AssignmentsPerSecond, double OpenedPerSecond, double CpuPerAssignment, double AllocatedPerAssignment)> Drain(string round, int drained, bool quiet = false)
        {
            if (drained > 0)
            {
                await node.Admin.UpsertQueueAsync(new() { Queue = gated });
            }
            var opened = Stopwatch.StartNew();
            await SendTickets(node, settings, round, agents, rate: null, desks);
            var openedPerSecond = agents / opened.Elapsed.TotalSeconds;

            if (!quiet)
            {
                Console.WriteLine($"  ({round} drain: {agents} waiting tickets made routable)");
            }
            var beforeDrain = await node.Figures();
            var drain = Stopwatch.StartNew();
            await node.Admin.UpsertQueueAsync(new() { Queue = new QueueConfig { QueueId = "default", DisplayName = "Default" } });
            await desks.AssignedAtLeast(drained + agents, TimeSpan.FromMinutes(2));
            var elapsed = drain.Elapsed;
            var used = await node.Figures() - beforeDrain;
            return (agents / elapsed.TotalSeconds, openedPerSecond, used.Cpu.TotalMilliseconds / agents, used.Allocated / (double)agents);
        }

        var cold = await Drain("cold", drained: 0);
        var drained = agents;
        var warmUp = Stopwatch.StartNew();
        var rounds = 0;
        Console.WriteLine($"  (warm-up: rounds of {agents} tickets opened, drained and solved for {settings.RoutingWarmUp.TotalSeconds:0} s)");
        do
        {
            await desks.SolveAll(node);
            if (warmUp.Elapsed >= settings.RoutingWarmUp)
            {
                break;
            }
            await Drain($"warm-{rounds++}", drained, quiet: true);
            drained += agents;
        }
        while (true);
        // The solved tickets leave memory as each solve's call ends; the timed drain starts after that has settled.
        await Task.Delay(TimeSpan.FromSeconds(2));
        var (assignmentsPerSecond, openedPerSecond, cpuPerAssignment, allocatedPerAssignment) = await Drain("backlog", drained);
        drained += agents;
        report.Add(new Finding("routing", $"{assignmentsPerSecond:N0} assignments/s ({agents} waiting tickets made routable at once, {agents} available agents, warm)",
            $"tickets opened at {openedPerSecond:N0}/s", assignmentsPerSecond / openedPerSecond, ">= 5,000/s", assignmentsPerSecond >= 5_000));
        report.Note($"{agents} agents signed in at {loginsPerSecond:N0}/s ({ParallelCalls} calls at a time), before the backlog");
        report.Note($"drain: {cpuPerAssignment:0.00} ms of the node's CPU per assignment ({(node.InProcess ? "with the desk streams' readers; " : "")}2 cores give 2,000 ms/s), "
            + $"{allocatedPerAssignment / 1024:N1} KiB allocated per assignment");
        report.Note($"cold drain (the first, on code not yet compiled for speed): {cold.AssignmentsPerSecond:N0} assignments/s, {cold.CpuPerAssignment:0.00} ms of the node's CPU per assignment; "
            + $"then {rounds} warm-up rounds in {warmUp.Elapsed.TotalSeconds:0} s");

        await desks.SolveAll(node);
        desks.ForgetOffers();
        Console.WriteLine($"  (paced: {paced} new tickets at {settings.RoutingRate:0}/s)");
        var beforePaced = await node.Figures();
        var clientCpuBeforePaced = ProcessCpu();
        // The benchmark's own collections: the node's when it runs in this process, else the clients' alone (their pauses
        // hold back the stamps of the acks and offers they read).
        using var gcWatch = new GcWatch();
        using var stopSolving = new CancellationTokenSource();
        var solving = desks.SolveContinuously(node, stopSolving.Token);
        var sent = await SendTickets(node, settings, "paced", paced, settings.RoutingRate, desks);
        await desks.AssignedAtLeast(drained + paced, TimeSpan.FromMinutes(2));
        await stopSolving.CancelAsync();
        var solvedInPaced = await solving;
        var pacedUse = await node.Figures() - beforePaced;
        var clientCpu = ProcessCpu() - clientCpuBeforePaced;
        var pacedCpu = pacedUse.Cpu;
        var allocatedPerPaced = pacedUse.Allocated / (double)paced;
        var pacedSeconds = paced / settings.RoutingRate;
        report.Note($"paced: {pacedCpu.TotalMilliseconds / paced:0.00} ms of the node's CPU per ticket, opened, routed and assigned{(node.InProcess ? " (with the clients' side: adapter streams, desks, solves)" : "")}; "
            + $"{(pacedCpu.TotalMilliseconds - idleCpuShare * pacedSeconds * 1000) / paced:0.00} ms less the idle floor's share; {allocatedPerPaced / 1024:N1} KiB allocated per ticket");
        if (!node.InProcess)
        {
            report.Note($"paced: the benchmark's clients (adapter streams, {agents} desk streams, solves) used {clientCpu.TotalMilliseconds / paced:0.00} ms of CPU per ticket in their own process");
        }
        report.Note($"paced: {solvedInPaced:N0} tickets solved by the desks while it ran (the same calls as in the warm-up rounds)");
        report.Note($"paced: {pacedUse.Collections} garbage collections paused the node {pacedUse.Paused.TotalMilliseconds:N0} ms in all");
        if (!node.InProcess)
        {
            report.Note($"paced: the node timed {pacedUse.Offers:N0} offers from the ticket's start of waiting; {100.0 * pacedUse.OffersOver10Ms / Math.Max(1, pacedUse.Offers):0.00} % took over 10 ms");
        }
        foreach (var gc in gcWatch.Stop())
        {
            report.Note($"paced: {(node.InProcess ? "" : "the clients' process: ")}collection {gc}");
        }
        report.Note($"idle floor: {idleCpuShare * 100:0.0} % of one core with {agents} desks signed in and no tickets ({IdleWindow.TotalSeconds:0} s)");
        var tickets = sent.Select(s => (s.Value.AckedAt, FromAck: Stopwatch.GetElapsedTime(s.Value.AckedAt, desks.OfferArrival(s.Key)).TotalMilliseconds,
            FromSend: Stopwatch.GetElapsedTime(s.Value.SentAt, desks.OfferArrival(s.Key)).TotalMilliseconds)).ToArray();
        var fromAck = tickets.Select(t => t.FromAck).ToArray();
        var fromSend = tickets.Select(t => t.FromSend).ToArray();
        var p99 = Samples.Percentile(fromAck, 0.99);
        // Whether the tail is spread over the phase or comes from a few stalls: the p99 of each second's tickets.
        var firstAck = tickets.Min(t => t.AckedAt);
        var perSecond = tickets.GroupBy(t => (int)Stopwatch.GetElapsedTime(firstAck, t.AckedAt).TotalSeconds).OrderBy(g => g.Key)
            .Select(g => Samples.Percentile(g.Select(t => t.FromAck).ToArray(), 0.99));
        report.Note($"paced: p99 of each second's tickets, ms: {string.Join(" ", perSecond.Select(p => p.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)))}");
        report.Add(new Finding("routing latency", $"p99 inbound ack -> offer on desk {p99:0.0} ms (p50 {Samples.Median(fromAck):0.0} ms, p99.9 {Samples.Percentile(fromAck, 0.999):0.0} ms, max {fromAck.Max():0.0} ms) at {settings.RoutingRate:0} tickets/s for {settings.RoutingPacedDuration.TotalSeconds:0} s",
            $"send -> offer p50 {Samples.Median(fromSend):0.0} ms, p99 {Samples.Percentile(fromSend, 0.99):0.0} ms", null, "p99 < 10 ms", p99 < 10));
        report.Note("a negative ack -> offer time means the offer reached the desk before the ack reached the adapter");
        await desks.Close();
    }

    private static TimeSpan ProcessCpu()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }

    /// <summary>Opens one ticket per conversation over the streams, as fast as acks come or at <paramref name="rate"/>; returns each ticket's send and ack times.</summary>
    private static async Task<IReadOnlyDictionary<string, (long SentAt, long AckedAt)>> SendTickets(
        IRoutingNode node, BenchmarkSettings settings, string round, int count, double? rate, DeskFloor desks)
    {
        var times = new ConcurrentDictionary<string, (long, long)>(StringComparer.Ordinal);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, settings.Streams).Select(async stream =>
        {
            using var call = node.Channels.StreamConversations();
            await call.RequestStream.WriteAsync(new() { Hello = new AdapterHello { AdapterId = $"routing-{round}-{stream}" } });
            var mine = Enumerable.Range(0, count).Where(i => i % settings.Streams == stream).ToArray();
            var sentAt = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
            await PipelinedStream.Drive(call, mine.Length, rate is null ? settings.Window : 1_000,
                i =>
                {
                    var n = mine[i];
                    sentAt[$"m-{n}"] = Stopwatch.GetTimestamp();
                    return new StreamConversationsRequest
                    {
                        Inbound = new InboundMessage
                        {
                            Channel = Channel.Chat,
                            ConversationId = $"{round}-{n}",
                            AdapterMessageId = $"m-{n}",
                            SenderAddress = $"visitor-{round}-{n}",
                            Body = "Where is my parcel?",
                            SentAt = Timestamp.FromDateTime(DateTime.UtcNow),
                        },
                    };
                },
                response =>
                {
                    if (response.FrameCase != StreamConversationsResponse.FrameOneofCase.InboundAck)
                    {
                        return response.FrameCase == StreamConversationsResponse.FrameOneofCase.InboundRejected
                            ? throw new InvalidOperationException($"Rejected: {response.InboundRejected.Message}")
                            : false;
                    }
                    times[response.InboundAck.TicketId] = (sentAt[response.InboundAck.AdapterMessageId], Stopwatch.GetTimestamp());
                    return true;
                },
                // Paced: wait for this ticket's slot (the driver is sequential per stream). A Thread.Sleep here held a
                // pool thread per stream, starving the node in this process and adding its own latency to the figures.
                rate is not { } r ? null : async i =>
                {
                    var due = TimeSpan.FromSeconds(mine[i] / r) - clock.Elapsed;
                    if (due > TimeSpan.Zero)
                    {
                        await Task.Delay(due);
                    }
                });
        }));
        return times;
    }

    /// <summary>The agents' desk streams: when each offer arrived, and how many tickets were assigned.</summary>
    private sealed class DeskFloor : IDisposable
    {
        private readonly ConcurrentDictionary<string, long> _offers = new(StringComparer.Ordinal);
        private readonly ConcurrentBag<(AsyncServerStreamingCall<StreamDeskResponse> Call, Task Reader)> _desks = [];
        private readonly ConcurrentQueue<(string AgentId, string TicketId)> _unsolved = new();
        private readonly CancellationTokenSource _stop = new();
        private long _assigned;

        public async Task Open(IRoutingNode node, string agentId)
        {
            var call = node.Agents.StreamDesk(new StreamDeskRequest { AgentId = agentId }, cancellationToken: _stop.Token);
            await call.ResponseStream.MoveNext(CancellationToken.None);
            _desks.Add((call, Task.Run(() => Read(call, agentId))));
        }

        /// <summary>Solves every ticket assigned so far, freeing the agents' capacity; returns how many.</summary>
        public async Task<int> SolveAll(IRoutingNode node)
        {
            var assigned = new List<(string AgentId, string TicketId)>();
            while (_unsolved.TryDequeue(out var ticket))
            {
                assigned.Add(ticket);
            }
            await Parallel.ForEachAsync(assigned, new ParallelOptions { MaxDegreeOfParallelism = ParallelCalls }, async (ticket, token) =>
                await node.Agents.SolveTicketAsync(new() { AgentId = ticket.AgentId, TicketId = ticket.TicketId }, cancellationToken: token));
            return assigned.Count;
        }

        /// <summary>
        /// Solves what the desks are given, every 20 ms (so solves arrive about as evenly as the tickets do, not in bursts
        /// that would queue the new tickets behind them), until <paramref name="stop"/>; returns how many.
        /// </summary>
        public async Task<int> SolveContinuously(IRoutingNode node, CancellationToken stop)
        {
            var solved = 0;
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    await Task.Delay(20, stop);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
                solved += await SolveAll(node);
            }
            return solved + await SolveAll(node);
        }

        public void ForgetOffers() => _offers.Clear();

        public long OfferArrival(string ticketId) =>
            _offers.TryGetValue(ticketId, out var at) ? at : throw new InvalidOperationException($"No offer for {ticketId} reached a desk.");

        public async Task AssignedAtLeast(long count, TimeSpan wait)
        {
            var deadline = Stopwatch.StartNew();
            while (Interlocked.Read(ref _assigned) < count)
            {
                if (deadline.Elapsed > wait)
                {
                    throw new TimeoutException($"Only {Interlocked.Read(ref _assigned)} of {count} tickets were assigned within {wait}.");
                }
                await Task.Delay(5);
            }
        }

        public async Task Close()
        {
            await _stop.CancelAsync();
            foreach (var (call, reader) in _desks)
            {
                await reader;
                call.Dispose();
            }
        }

        public void Dispose() => _stop.Dispose();

        private async Task Read(AsyncServerStreamingCall<StreamDeskResponse> call, string agentId)
        {
            try
            {
                await foreach (var deskEvent in call.ResponseStream.ReadAllAsync(_stop.Token))
                {
                    if (deskEvent.EventCase == StreamDeskResponse.EventOneofCase.Offer)
                    {
                        _offers.TryAdd(deskEvent.Offer.TicketId, Stopwatch.GetTimestamp());
                    }
                    else if (deskEvent.EventCase == StreamDeskResponse.EventOneofCase.TicketAssigned)
                    {
                        _unsolved.Enqueue((agentId, deskEvent.TicketAssigned.Ticket.TicketId));
                        Interlocked.Increment(ref _assigned);
                    }
                }
            }
            catch (Exception e) when (e is RpcException or OperationCanceledException)
            {
                // The benchmark is over.
            }
        }
    }
}
