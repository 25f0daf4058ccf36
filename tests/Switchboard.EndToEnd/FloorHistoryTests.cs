using Switchboard.EndToEnd.Harness;

namespace Switchboard.EndToEnd;

/// <summary>The dashboard's trend chart (an hour of samples) across a restart of the node.</summary>
public sealed class FloorHistoryTests
{
    private const string FastSamples = "--Switchboard:Supervision:SampleInterval=00:00:01";

    [Fact]
    public async Task The_trend_chart_keeps_its_hour_of_samples_across_a_restart()
    {
        var database = SwitchboardNode.NewDatabasePath();
        DateTimeOffset stoppedAt;
        await using (var node = await SwitchboardNode.Start(database, FastSamples))
        {
            await using var adapter = await AdapterSession.Open(node, "webchat");
            await adapter.SendAcked(AdapterSession.Message("conv-chart", "m-1", "Anyone there?"));
            await using var watch = await WatchSession.Open(node);
            // No agent: the ticket waits, and a sample shows it.
            await watch.Inbox.Next(f => f.Frame.History.Any(s => s.Waiting == 1));
            stoppedAt = DateTimeOffset.UtcNow;
        }

        await using var restarted = await SwitchboardNode.Start(database, FastSamples);
        await using var again = await WatchSession.Open(restarted);

        var before = again.Snapshot.History.Where(s => s.At.ToDateTimeOffset() <= stoppedAt).ToArray();
        Assert.NotEmpty(before);
        Assert.Contains(before, s => s.Waiting == 1);
        Assert.Equal(again.Snapshot.History.OrderBy(s => s.At.ToDateTimeOffset()).Select(s => s.At), again.Snapshot.History.Select(s => s.At));
    }
}
