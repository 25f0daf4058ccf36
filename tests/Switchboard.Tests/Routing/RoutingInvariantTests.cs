using System.Diagnostics;
using Switchboard.Contracts.Agents;
using Switchboard.Contracts.Gateway;
using Switchboard.Contracts.Tickets;
using Xunit.Abstractions;

namespace Switchboard.Tests.Routing;

/// <summary>
/// Routing's promises under a random, concurrent schedule on two silos: a ticket is never assigned twice, an
/// agent's capacity (and voice's exclusivity) is never exceeded, no ticket is lost, and once everyone is
/// available nothing waits that someone could take. A failure prints the seed; rerun that seed to replay the
/// same choices (the interleaving is the cluster's).
/// </summary>
public sealed class RoutingInvariantTests(RoutingInvariantCluster cluster, ITestOutputHelper output) : IClassFixture<RoutingInvariantCluster>
{
    private const int AgentCount = 200;
    private const int CustomerCount = 300;
    private static readonly TimeSpan SettleWithin = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Three fixed seeds, plus any listed in SWITCHBOARD_ROUTING_SEEDS (comma-separated) to hunt for rarer
    /// interleavings on demand, e.g. <c>SWITCHBOARD_ROUTING_SEEDS=1,2,3,4,5</c>.
    /// </summary>
    public static TheoryData<int> Seeds()
    {
        var seeds = new TheoryData<int> { 17, 4242, 90210 };
        foreach (var extra in (Environment.GetEnvironmentVariable("SWITCHBOARD_ROUTING_SEEDS") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            seeds.Add(int.Parse(extra, System.Globalization.CultureInfo.InvariantCulture));
        }
        return seeds;
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task Random_schedule_never_double_assigns_overfills_or_loses_a_ticket(int seed)
    {
        var clock = Stopwatch.StartNew();
        var center = await RandomContactCenter.Create(cluster.Client, seed, AgentCount, CustomerCount);
        var hub = new DeskHub();
        var desks = cluster.Client.CreateObjectReference<IGatewayHub>(hub);
        var schedule = new RandomSchedule(center, hub, desks) { TicketTarget = 2000, OperationTarget = 6000, TimeLimit = TimeSpan.FromSeconds(20) };

        await schedule.Run();

        var after = await RoutingSnapshot.Take(center);
        output.WriteLine($"seed {seed}: {schedule.Summary}, {hub.DeskEvents} desk events, in {clock.Elapsed.TotalSeconds:F1} s; "
            + $"then {after.Agents.Values.Count(a => a.Presence == Presence.Available)} agents available, {Describe(after)}");
        Assert.True(schedule.Failures.IsEmpty, Replay(seed, schedule.Failures.Select(e => e.ToString())));
        Assert.True(schedule.Breaches.IsEmpty, Replay(seed, schedule.Breaches));

        // Quiescence: every agent at a desk, auto-accepting and available. Offers made to them as manual agents
        // run out first, so nobody is set away for missing them.
        await ForEachAgent(center, async (id, agent) =>
        {
            await agent.AttachDesk(desks, $"final-{id}");
            await agent.UpsertProfile(center.Agents[id] with { AutoAccept = true });
        });
        await Until(center, s => s.Agents.Values.Where(a => a.Offers.Count > 0).Select(a => $"agent {a.Profile.AgentId} still holds offers"));
        await ForEachAgent(center, (_, agent) => agent.SetPresence(Presence.Available));
        var settled = await Until(center, Invariants);
        output.WriteLine($"seed {seed}: settled in {clock.Elapsed.TotalSeconds:F1} s; {Describe(settled)}");

        // Every agent finishes all its work at once: the freed capacity must go to the tickets still waiting.
        await Task.WhenAll(settled.Agents.Values.SelectMany(a => a.AssignedTicketIds.Select(t => center.Ticket(t).Solve(a.Profile.AgentId))));
        var drained = await Until(center, Invariants);
        output.WriteLine($"seed {seed}: after everyone solved their work, settled in {clock.Elapsed.TotalSeconds:F1} s; {Describe(drained)}");
        GC.KeepAlive(hub);
    }

    /// <summary>
    /// Reads everything until the check finds nothing, or fails with what it found last. Capacity must hold in
    /// every reading, not only in the last.
    /// </summary>
    private static async Task<RoutingSnapshot> Until(RandomContactCenter center, Func<RoutingSnapshot, IEnumerable<string>> breaches)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var snapshot = await RoutingSnapshot.Take(center);
            var capacity = snapshot.Agents.Values.SelectMany(a => RoutingSnapshot.CapacityBreaches(a, center.Channels)).ToArray();
            Assert.True(capacity.Length == 0, Replay(center.Seed, capacity));
            var found = breaches(snapshot).ToArray();
            if (found.Length == 0)
            {
                return snapshot;
            }
            if (deadline.Elapsed > SettleWithin)
            {
                Assert.Fail(Replay(center.Seed, found.Prepend($"not settled within {SettleWithin.TotalSeconds} s after the schedule")));
            }
            await Task.Delay(200);
        }
    }

    private static IEnumerable<string> Invariants(RoutingSnapshot snapshot) =>
        snapshot.AssignmentBreaches().Concat(snapshot.LostTickets()).Concat(snapshot.IdleCapacityBreaches());

    private static string Describe(RoutingSnapshot snapshot) =>
        $"{snapshot.Tickets.Values.Count(t => t.Status is TicketStatus.Solved or TicketStatus.Closed)} solved or closed, "
        + $"{snapshot.Tickets.Values.Count(t => t.AssigneeAgentId is not null && t.Status is not (TicketStatus.Solved or TicketStatus.Closed))} assigned, "
        + $"{snapshot.Queues.Values.Sum(q => q.Waiting.Count)} waiting";

    private static Task ForEachAgent(RandomContactCenter center, Func<string, IAgentGrain, Task> action) =>
        Parallel.ForEachAsync(center.Agents.Keys, new ParallelOptions { MaxDegreeOfParallelism = 16 }, (id, _) => new ValueTask(action(id, center.Agent(id))));

    private static string Replay(int seed, IEnumerable<string> problems)
    {
        var list = problems.ToList();
        return $"Seed {seed} (replay with SWITCHBOARD_ROUTING_SEEDS={seed}): {list.Count} problem(s):{Environment.NewLine}"
            + string.Join(Environment.NewLine, list.Take(25));
    }
}
