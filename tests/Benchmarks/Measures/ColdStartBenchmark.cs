using System.Diagnostics;
using Switchboard.Benchmarks.Hosting;
using Switchboard.Benchmarks.Reporting;
using Switchboard.Contracts;
using Switchboard.Contracts.Tickets;

namespace Switchboard.Benchmarks.Measures;

/// <summary>
/// Time to reactivate a ticket from storage (read its log, fold it, answer a first call) with 1,000
/// events, against one with 10. Short and long tickets alternate; medians.
/// </summary>
public static class ColdStartBenchmark
{
    private const int Samples = 20;
    private const double GoalMs = 50;

    public static async Task Run(Report report)
    {
        report.Section($"cold start: {Samples} tickets of 1,000 events and {Samples} of 10, each activated once from storage");
        var path = BenchmarkNode.NewDatabasePath();
        string[] Ids(string size) => Enumerable.Range(0, Samples).Select(i => $"t-{size}-{i}").ToArray();
        var (warm, small, large) = (Ids("warm"), Ids("10"), Ids("1000"));
        await TicketLogSeeder.Seed(path, warm, 100);
        await TicketLogSeeder.Seed(path, small, 10);
        await TicketLogSeeder.Seed(path, large, 1_000);

        await using var node = await BenchmarkNode.Start(path);
        foreach (var id in warm)
        {
            await Activate(node, id);
        }
        var smallMs = new List<double>();
        var largeMs = new List<double>();
        for (var i = 0; i < Samples; i++)
        {
            smallMs.Add(await Activate(node, small[i]));
            largeMs.Add(await Activate(node, large[i]));
        }
        var (s, l) = (Measures.Samples.Median(smallMs), Measures.Samples.Median(largeMs));
        report.Add(new Finding("cold start", $"ticket with 1,000 events reactivated in {l:0.0} ms", $"10 events in {s:0.0} ms", l / s, $"<= {GoalMs:0} ms", l <= GoalMs));
        BenchmarkNode.DeleteDatabase(path);
    }

    private static async Task<double> Activate(BenchmarkNode node, string ticketId)
    {
        var start = Stopwatch.GetTimestamp();
        var ticket = await node.Grains.GetGrain<ITicketGrain>(GrainKey.For(TicketLogSeeder.Tenant, ticketId)).Get();
        var elapsed = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        return ticket.Status == TicketStatus.Open ? elapsed : throw new InvalidOperationException($"Ticket {ticketId} came back {ticket.Status}.");
    }
}
