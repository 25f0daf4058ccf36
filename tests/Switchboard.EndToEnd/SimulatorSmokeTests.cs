using Switchboard.EndToEnd.Harness;
using Switchboard.Simulator;
using Switchboard.Simulator.Load;

namespace Switchboard.EndToEnd;

/// <summary>Keeps the simulator honest: a short run against the real host must add up, with no errors.</summary>
public sealed class SimulatorSmokeTests
{
    [Fact]
    public async Task Five_seconds_of_simulated_traffic_add_up_with_no_errors()
    {
        await using var node = await SwitchboardNode.Start();
        var simulation = new ContactCenterSimulation(new SimulationSettings
        {
            Address = new Uri(node.Address),
            Tenant = "demo",
            ApiKey = SwitchboardNode.AdminKey,
            ArrivalsPerSecond = 4,
            Duration = TimeSpan.FromSeconds(5),
            Agents = 4,
            Adapters = 2,
            MessagesPerConversation = 2,
            AbandonProbability = 0.2,
            Patience = TimeSpan.FromSeconds(2),
            HandleTime = new HandleTime(TimeSpan.FromSeconds(1), HandleTimeShape.LogNormal),
            WrapUp = TimeSpan.FromMilliseconds(100),
            AcceptDelay = TimeSpan.FromMilliseconds(100),
            ThinkTime = TimeSpan.FromMilliseconds(200),
            Seed = 8,
        });

        var summary = await simulation.Run(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(90));

        Assert.True(summary.Errors == 0, $"{summary.Errors} errors, last: {summary.LastError}");
        Assert.True(summary.Conversations > 0);
        Assert.Equal(0, summary.InboundRejected);
        Assert.Equal(summary.InboundSent, summary.InboundAcked);
        Assert.Equal(summary.InboundAcked, summary.InboundAck!.Count);
        Assert.Equal(summary.InboundAcked, await StoredCustomerMessages(node.DatabasePath, "demo"));
        Assert.True(summary.Answered > 0);
        Assert.True(summary.Answered + summary.Abandoned <= summary.Conversations);
        Assert.True(summary.Offers >= summary.Answered);
        Assert.True(summary.Replies > 0);
        Assert.Equal(summary.Replies, summary.OutboundDelivered);
        Assert.Equal(summary.Replies, summary.OutboundDelivery!.Count);
        Assert.InRange(summary.Occupancy!.Value, 0, 1);
        Assert.InRange(summary.ServiceLevel!.Value, 0, 1);
    }

    /// <summary>What the engine says it stored, read with plain SQL as a report would.</summary>
    private static Task<long> StoredCustomerMessages(string databasePath, string tenant) => NodeDatabase.CountAsync(databasePath,
        "SELECT COUNT(*) FROM ticket_events WHERE tenant = $tenant AND kind = 'customer_message'", ("$tenant", tenant));
}
