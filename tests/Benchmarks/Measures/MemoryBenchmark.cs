using Switchboard.Benchmarks.Hosting;
using Switchboard.Benchmarks.Reporting;
using Switchboard.Contracts;
using Switchboard.Contracts.Agents;
using Switchboard.Contracts.Tickets;

namespace Switchboard.Benchmarks.Measures;

/// <summary>
/// Managed memory per idle open ticket and per agent, activated from storage on a fresh node: the heap
/// after a full collection, before and after activating K of them, over K. Baseline: a grain with no state.
/// </summary>
public static class MemoryBenchmark
{
    private const int TicketEvents = 6;
    private const int WarmUp = 500;
    private const int Parallel = 64;

    public static async Task Run(BenchmarkSettings settings, Report report)
    {
        var tickets = settings.MemoryTickets;
        report.Section($"memory: {tickets:N0} idle open tickets ({TicketEvents} events each), {settings.MemoryAgents:N0} agents");
        var path = BenchmarkNode.NewDatabasePath();
        var ticketIds = Enumerable.Range(0, tickets + WarmUp).Select(i => $"t-{i:000000}").ToArray();
        await TicketLogSeeder.Seed(path, ticketIds, TicketEvents);
        var agentIds = Enumerable.Range(0, settings.MemoryAgents + WarmUp).Select(i => $"agent-{i:00000}").ToArray();
        await using (var seeding = await BenchmarkNode.Start(path))
        {
            await ForEach(agentIds, id => seeding.Grains.GetGrain<IAgentGrain>(GrainKey.For(TicketLogSeeder.Tenant, id))
                .UpsertProfile(AgentProfile.Default(id)));
        }

        await using var node = await BenchmarkNode.Start(path);
        var grains = node.Grains;
        await ForEach(ticketIds[..WarmUp], id => grains.GetGrain<ITicketGrain>(GrainKey.For(TicketLogSeeder.Tenant, id)).Get());
        await ForEach(agentIds[..WarmUp], id => grains.GetGrain<IAgentGrain>(GrainKey.For(TicketLogSeeder.Tenant, id)).GetStatus());
        await ForEach(Enumerable.Range(0, WarmUp).Select(i => $"warm-{i}").ToArray(), id => grains.GetGrain<IBaselineGrain>(id).Touch());

        var perBaseline = await BytesPerActivation(Enumerable.Range(0, tickets).Select(i => $"b-{i}").ToArray(), id => grains.GetGrain<IBaselineGrain>(id).Touch());
        var perTicket = await BytesPerActivation(ticketIds[WarmUp..], id => grains.GetGrain<ITicketGrain>(GrainKey.For(TicketLogSeeder.Tenant, id)).Get());
        var perAgent = await BytesPerActivation(agentIds[WarmUp..], id => grains.GetGrain<IAgentGrain>(GrainKey.For(TicketLogSeeder.Tenant, id)).GetStatus());

        report.Add(new Finding("memory per ticket", $"{perTicket / 1024:0.0} KB per idle open ticket ({tickets:N0} active)",
            $"empty grain {perBaseline / 1024:0.0} KB", perTicket / perBaseline, "<= 10 KB", perTicket <= 10 * 1024));
        report.Add(new Finding("memory per agent", $"{perAgent / 1024:0.0} KB per agent ({settings.MemoryAgents:N0} active)",
            $"empty grain {perBaseline / 1024:0.0} KB", perAgent / perBaseline, "-", null));
        report.Note($"one million open tickets at this size: {perTicket * 1_000_000 / (1L << 30):0.0} GiB of managed heap");
        BenchmarkNode.DeleteDatabase(path);
    }

    private static async Task<double> BytesPerActivation(string[] ids, Func<string, Task> activate)
    {
        var before = SettledHeap();
        await ForEach(ids, activate);
        var after = SettledHeap();
        return (double)(after - before) / ids.Length;
    }

    private static long SettledHeap()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static Task ForEach(string[] ids, Func<string, Task> call) =>
        System.Threading.Tasks.Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = Parallel }, async (id, _) => await call(id));
}
