using System.Collections.Concurrent;
using System.Diagnostics;
using Switchboard.EndToEnd.Harness;
using Switchboard.Testing;
using Switchboard.V1;
using Xunit.Abstractions;

namespace Switchboard.EndToEnd.Failover;

/// <summary>
/// Issue 4's test: 3 silo processes and 2 gateway processes on PostgreSQL under a steady load of adapters and
/// auto-accepting agents; one silo is SIGKILLed mid-run, later a gateway. Nothing acked may be lost or doubled,
/// every reply reaches its adapter, no ticket is assigned twice, no agent works beyond capacity, routing resumes.
/// </summary>
[Collection(RunsAlone.Name)]
public sealed class ClusterKillTests(ITestOutputHelper output)
{
    private const int Adapters = 3;
    private const int ConversationsPerAdapter = 5;
    private const int MessagesPerConversation = 5;
    private const int Agents = 8;
    private const int ChatCapacity = 3;

    /// <summary>Tickets that may be orphaned by the kill (see the known gap in the README); a handful at most.</summary>
    private const int MaxOrphans = 3;
    private static readonly TimeSpan MessageGap = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan BeforeSiloKill = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan AfterSiloKill = TimeSpan.FromSeconds(18);
    private static readonly TimeSpan AfterGatewayKill = TimeSpan.FromSeconds(8);

    private readonly ConcurrentDictionary<string, byte> _doneTickets = new(StringComparer.Ordinal);
    private readonly ConcurrentBag<SentMessage> _acked = [];
    private readonly ConcurrentBag<(DateTimeOffset At, TimeSpan Took)> _ackTimes = [];

    private sealed record SentMessage(string AdapterId, string ConversationId, int Index, string TicketId, string Body);

    [PostgresFact]
    public async Task Killing_a_silo_then_a_gateway_under_load_loses_no_acked_message_and_routing_resumes()
    {
        var wall = Stopwatch.StartNew();
        await using var cluster = await ProcessCluster.Start(silos: 3, gateways: 2,
            "--Switchboard:Routing:DeskGracePeriod=00:00:15",
            "--Switchboard:Auth:RequestsPerSecond=20000",
            "--Switchboard:Auth:Burst=40000");
        output.WriteLine($"cluster up in {wall.Elapsed.TotalSeconds:F1} s; logs in {cluster.LogDirectory}");
        var gateways = cluster.Gateways;
        for (var i = 0; i < Agents; i++)
        {
            await gateways[0].Admin.UpsertAgentAsync(new()
            {
                Agent = new AgentProfile { AgentId = $"agent-{i}", AutoAccept = true, Capacities = { new ChannelCapacity { Channel = Channel.Chat, MaxTickets = ChatCapacity } } },
            });
        }

        using var stopDesks = new CancellationTokenSource();
        var desks = Enumerable.Range(0, Agents).Select(i => new LoadDesk($"agent-{i}", gateways, i % gateways.Count, _doneTickets.ContainsKey)).ToList();
        var deskRuns = desks.Select(desk => desk.Run(stopDesks.Token)).ToList();
        var adapters = Enumerable.Range(0, Adapters).Select(i => new LoadAdapter($"chat-{i}", gateways, i % gateways.Count)).ToList();

        try
        {
            using var stopLoad = new CancellationTokenSource();
            var load = adapters.SelectMany(adapter => Enumerable.Range(0, ConversationsPerAdapter).Select(n => Converse(adapter, n, stopLoad.Token))).ToList();
            var started = DateTimeOffset.UtcNow;

            await Task.Delay(BeforeSiloKill);
            var siloKilledAt = DateTimeOffset.UtcNow;
            await cluster.Silos[1].Kill();
            output.WriteLine($"SIGKILL {cluster.Silos[1].Name} at +{(siloKilledAt - started).TotalSeconds:F1} s");
            await Task.Delay(AfterSiloKill);

            var gatewayKilledAt = DateTimeOffset.UtcNow;
            // The gateway most adapters are on: an adapter whose reconnect after the silo kill waited too long for its
            // welcome moved to the other gateway, and may have left the first one with none.
            var victim = adapters.Count(a => a.CurrentGateway == 1) > adapters.Count(a => a.CurrentGateway == 0) ? 1 : 0;
            var onKilledGateway = adapters.Where(a => a.CurrentGateway == victim).Select(a => (Adapter: a, a.Reconnects)).ToList();
            await cluster.GatewayProcesses[victim].Kill();
            output.WriteLine($"SIGKILL {cluster.GatewayProcesses[victim].Name} at +{(gatewayKilledAt - started).TotalSeconds:F1} s");
            await Task.Delay(AfterGatewayKill);
            await stopLoad.CancelAsync();
            await Task.WhenAll(load);
            var loadEnded = DateTimeOffset.UtcNow;

            // Let the desks answer and solve what the last conversations left, then stop them.
            var drain = Stopwatch.StartNew();
            while (desks.Any(d => d.OpenTickets > 0) && drain.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(200);
            }
            foreach (var desk in desks.Where(d => d.OpenTickets > 0))
            {
                output.WriteLine($"{desk.AgentId} still holds {string.Join(", ", desk.OpenTicketIds.Select(t => $"{t} (customer done: {_doneTickets.ContainsKey(t)})"))}");
            }
            await stopDesks.CancelAsync();
            await Task.WhenAll(deskRuns);
            foreach (var problem in desks.SelectMany(d => d.Problems))
            {
                output.WriteLine(problem);
            }

            var acked = _acked.ToList();
            var seconds = (loadEnded - started).TotalSeconds;
            output.WriteLine($"{acked.Count} messages acked in {seconds:F1} s ({acked.Count / seconds:F0}/s) on {acked.Select(m => m.TicketId).Distinct().Count()} tickets");
            var slowAcks = _ackTimes.Where(a => a.At > siloKilledAt).Select(a => a.Took).DefaultIfEmpty().Max();
            output.WriteLine($"longest wait for an ack (with retries) after the silo kill: {slowAcks.TotalSeconds:F1} s");

            // The adapters on the killed gateway carried on through the other one.
            Assert.NotEmpty(onKilledGateway);
            foreach (var (adapter, reconnectsBefore) in onKilledGateway)
            {
                Assert.True(adapter.Reconnects > reconnectsBefore, $"{adapter.AdapterId} did not reconnect after its gateway was killed");
                Assert.Equal(1 - victim, adapter.CurrentGateway);
            }
            Assert.Contains(acked, m => _ackTimes.Any(a => a.At > gatewayKilledAt.AddSeconds(2)));

            var gateway = gateways[1 - victim];
            var tickets = await ReadTickets(gateway, acked.Select(m => m.TicketId).Distinct().ToList());

            // 1. Every acked message is in its ticket's log exactly once, in the order it was sent.
            foreach (var conversation in acked.GroupBy(m => m.TicketId))
            {
                var transcript = tickets[conversation.Key].Ticket.Ticket.Transcript.Where(m => m.Author == Author.Customer).Select(m => m.Body).ToList();
                Assert.Equal(transcript.Count, transcript.Distinct().Count());
                var sent = conversation.OrderBy(m => m.Index).Select(m => m.Body).ToList();
                Assert.Equal(sent, transcript.Where(sent.Contains).ToList());
            }

            // 2. Every reply was delivered to its adapter at least once and acked: nothing is left in any outbox.
            var replies = desks.SelectMany(d => d.Replies).Select(reply => $"{reply.Key}#{reply.Value}").ToList();
            HashSet<string> delivered = [];
            // A push lost with a silo or gateway is sent again once the outbox sees it unacked for 10 s.
            var deliveryWait = Stopwatch.StartNew();
            for (; deliveryWait.Elapsed < TimeSpan.FromSeconds(30); await Task.Delay(200))
            {
                delivered = adapters.SelectMany(a => a.Deliveries.Keys).ToHashSet();
                if (replies.All(delivered.Contains))
                {
                    break;
                }
            }
            output.WriteLine($"{replies.Count} replies, all delivered {deliveryWait.Elapsed.TotalSeconds:F1} s after the desks solved their last ticket");
            Assert.All(replies, reply => Assert.Contains(reply, delivered));
            foreach (var adapter in adapters)
            {
                Assert.Equal(0, await adapter.PendingAfterReconnect());
            }

            // 3. No ticket assigned twice: never a second assignment while one stands (an agent whose desk stays away
            //    past the grace period hands its tickets back, and they are assigned again); every ticket solved once.
            var work = new List<(string Agent, DateTimeOffset From, DateTimeOffset To)>();
            var reassigned = 0;
            var orphans = new List<string>();
            foreach (var (ticketId, (_, events)) in tickets)
            {
                var log = string.Join("\n", events.Select(e => $"  {e.Sequence} {e.At.ToDateTimeOffset():HH:mm:ss.fff} {e.Kind} {e.Actor} {e.Summary}"));
                (string Agent, DateTimeOffset From)? holder = null;
                foreach (var e in events)
                {
                    if (e.Kind == "assigned")
                    {
                        Assert.True(holder is null, $"{ticketId} was assigned while still assigned:\n{log}");
                        holder = (e.Actor, e.At.ToDateTimeOffset());
                    }
                    else if (e.Kind is "unassigned" or "solved" && holder is { } held)
                    {
                        work.Add((held.Agent, held.From, e.At.ToDateTimeOffset()));
                        holder = null;
                        reassigned += e.Kind == "unassigned" ? 1 : 0;
                    }
                }
                if (!events.Any(e => e.Kind == "solved") && holder is not null && !events.Any(e => e.Kind == "agent_reply"))
                {
                    orphans.Add($"{ticketId} (assigned to {holder.Value.Agent} at {holder.Value.From:HH:mm:ss.fff})");
                    continue;
                }
                Assert.True(events.Count(e => e.Kind == "solved") == 1, $"{ticketId} was not solved exactly once:\n{log}");
            }
            // Known gap, measured rather than hidden: an agent grain killed between the ticket taking the assignment and
            // the agent storing it comes back without the ticket, so no desk ever shows it.
            output.WriteLine($"tickets assigned to an agent that came back without them: {orphans.Count} {string.Join(", ", orphans)}");
            Assert.True(orphans.Count <= MaxOrphans, $"{orphans.Count} tickets were assigned to agents that never knew them: {string.Join(", ", orphans)}");
            output.WriteLine($"tickets handed back by an agent whose desk did not return within the grace period: {reassigned}");

            // 4. No agent held more tickets than its capacity at any moment (assigned .. unassigned or solved, from the logs).
            var busiest = work.GroupBy(w => w.Agent).Select(agent => (Agent: agent.Key, Most: MostAtOnce(agent))).ToList();
            Assert.All(busiest, agent => Assert.True(agent.Most <= ChatCapacity, $"{agent.Agent} held {agent.Most} chats at once (capacity {ChatCapacity})"));

            // 5. Routing resumed: how long tickets waited for an agent around the kill.
            Assert.All(tickets, t => Assert.Contains(t.Value.Events, e => e.Kind == "assigned"));
            var waits = tickets.Values.Select(t => (Opened: t.Events.Single(e => e.Kind == "opened").At.ToDateTimeOffset(), Assigned: t.Events.First(e => e.Kind == "assigned").At.ToDateTimeOffset()))
                .Select(t => (t.Opened, t.Assigned, Wait: t.Assigned - t.Opened)).ToList();
            var before = waits.Where(w => w.Opened < siloKilledAt).Select(w => w.Wait).ToList();
            var slow = waits.Where(w => w.Assigned > siloKilledAt && w.Wait > TimeSpan.FromSeconds(1)).ToList();
            // Routing pauses where no ticket anywhere is assigned; the longest pause after the kill ends where it resumed.
            var assignments = waits.Select(w => w.Assigned).Append(siloKilledAt).Order().ToList();
            var pause = assignments.Zip(assignments.Skip(1), (From, To) => (From, To))
                .Where(gap => gap.To > siloKilledAt && gap.From < gatewayKilledAt)
                .MaxBy(gap => gap.To - gap.From);
            var resumed = new[] { pause.To - siloKilledAt }.Concat(slow.Select(w => w.Assigned - siloKilledAt)).Max();
            output.WriteLine($"before the kill: longest wait for an agent {before.Max().TotalSeconds:F2} s");
            output.WriteLine($"after the silo kill: longest pause with no assignment anywhere {(pause.To - pause.From).TotalSeconds:F1} s (ending " +
                $"{(pause.To - siloKilledAt).TotalSeconds:F1} s after the kill); {slow.Count} tickets waited over 1 s, the longest " +
                $"{slow.Select(w => w.Wait).DefaultIfEmpty().Max().TotalSeconds:F1} s; routing back to normal {resumed.TotalSeconds:F1} s after the kill");
            output.WriteLine($"desk reconnects {desks.Sum(d => d.Reconnects)}, adapter reconnects {adapters.Sum(a => a.Reconnects)}; wall time {wall.Elapsed.TotalSeconds:F0} s");
            Assert.True(resumed < AfterSiloKill, $"routing had not resumed {AfterSiloKill.TotalSeconds} s after the kill");
        }
        finally
        {
            await stopDesks.CancelAsync();
            foreach (var adapter in adapters)
            {
                await adapter.DisposeAsync();
            }
        }
    }

    /// <summary>One conversation loop: messages at a steady pace, each retried until acked; then the next conversation.</summary>
    private async Task Converse(LoadAdapter adapter, int loop, CancellationToken stop)
    {
        for (var conversation = 0; !stop.IsCancellationRequested; conversation++)
        {
            // Once started, a conversation is finished even when the load stops (a message abandoned mid-retry
            // could be stored without its ack), so each of its tickets can be solved.
            var conversationId = $"{adapter.AdapterId}-{loop}-{conversation}";
            string? ticketId = null;
            for (var index = 0; index < MessagesPerConversation; index++)
            {
                var body = $"{conversationId} message {index}";
                var message = AdapterSession.Message(conversationId, $"{conversationId}-m{index}", body, sender: $"visitor-{conversationId}");
                var (ack, took) = await adapter.Send(message, CancellationToken.None);
                ticketId = ack.TicketId;
                _acked.Add(new SentMessage(adapter.AdapterId, conversationId, index, ack.TicketId, body));
                _ackTimes.Add((DateTimeOffset.UtcNow, took));
                await Task.Delay(MessageGap, CancellationToken.None);
            }
            _doneTickets.TryAdd(ticketId!, 0);
        }
    }

    private static int MostAtOnce(IEnumerable<(string Agent, DateTimeOffset From, DateTimeOffset To)> work)
    {
        // Releases sort before takes at the same instant: the agent frees capacity before it is offered the next.
        var steps = work.SelectMany(w => new[] { (At: w.From, Delta: 1), (At: w.To, Delta: -1) }).OrderBy(s => s.At).ThenBy(s => s.Delta);
        int now = 0, most = 0;
        foreach (var step in steps)
        {
            now += step.Delta;
            most = Math.Max(most, now);
        }
        return most;
    }

    private static async Task<Dictionary<string, (GetTicketResponse Ticket, List<TicketAuditEntry> Events)>> ReadTickets(SwitchboardNode gateway, IReadOnlyList<string> ticketIds)
    {
        var read = new ConcurrentDictionary<string, (GetTicketResponse, List<TicketAuditEntry>)>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(ticketIds, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (ticketId, cancellation) =>
        {
            var ticket = await gateway.Agents.GetTicketAsync(new() { TicketId = ticketId }, cancellationToken: cancellation);
            var events = new List<TicketAuditEntry>();
            var page = "";
            do
            {
                var response = await gateway.Agents.ListTicketEventsAsync(new() { TicketId = ticketId, PageSize = 200, PageToken = page }, cancellationToken: cancellation);
                events.AddRange(response.Events);
                page = response.NextPageToken;
            }
            while (page.Length > 0);
            read[ticketId] = (ticket, events);
        });
        return read.ToDictionary(StringComparer.Ordinal);
    }
}
