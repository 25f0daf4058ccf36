using Switchboard.Contracts.Agents;
using Switchboard.Contracts.Tickets;

namespace Switchboard.Tests.Routing;

/// <summary>
/// Grains that wait on each other must not wait in a circle. An agent going offline waits for each of its tickets to
/// go back in line, while a ticket being transferred to that same agent asks whether the agent serves the queue: when
/// that question waited behind the agent's call, the randomized run found both waiting until their calls timed out.
/// </summary>
public sealed class CallCycleTests(CrossQueueCluster cluster) : IClassFixture<CrossQueueCluster>
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Agent_going_offline_while_its_ticket_is_transferred_back_to_it_finishes_both()
    {
        // The circle needs both calls in flight at once; a few rounds make that all but certain.
        for (var round = 0; round < 8; round++)
        {
            var tenant = new RoutingTenant(cluster.Client, "cyc");
            var agent = tenant.Agent("ada");
            await agent.UpsertProfile(new AgentProfile("ada", "Ada", new Dictionary<ChannelKind, int> { [ChannelKind.Chat] = 1 }, AutoAccept: true, [AgentProfile.DefaultQueueId]));
            await agent.SetPresence(Presence.Available);
            var ticketId = await tenant.Write(ChannelKind.Chat);
            await RoutingTenant.Until(async () => (await agent.GetStatus()).AssignedTicketIds.Count == 1, "the chat is assigned", Settle);

            // Going offline stores the presence first; the transfer asks the agent's queues meanwhile.
            var offline = agent.SetPresence(Presence.Offline);
            var transfer = tenant.Ticket(ticketId).Transfer("ada", AgentProfile.DefaultQueueId, "ada");
            var both = Task.WhenAll(transfer, offline);
            Assert.True(await Task.WhenAny(both, Task.Delay(Settle)) == both, $"round {round}: the transfer and the presence change are still waiting on each other");

            Assert.Equal(Presence.Offline, await offline);
            // Whichever went first, the ticket ends up waiting in line and the agent holds nothing.
            Assert.Empty((await agent.GetStatus()).AssignedTicketIds);
            await RoutingTenant.Until(async () => (await tenant.Ticket(ticketId).Get()).AssigneeAgentId is null, "the ticket has no assignee", Settle);
        }
    }
}
