using Switchboard.Contracts.Agents;
using Switchboard.Contracts.Routing;
using Switchboard.Contracts.Tickets;

namespace Switchboard.Tests.Routing;

/// <summary>
/// An agent serving several queues gets the best waiting ticket across them by (its priority for the queue, the
/// ticket's priority, the queue's ordering), however the queues' offers interleave: the agent grain decides.
/// </summary>
public sealed class CrossQueuePriorityTests(CrossQueueCluster cluster) : IClassFixture<CrossQueueCluster>
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(10);

    private readonly RoutingTenant _tenant = new(cluster.Client, "xq");

    [Fact]
    public async Task Agent_gets_its_first_priority_queue_first_when_it_goes_available_and_when_it_frees_capacity()
    {
        await Queues();
        var agent = await Agent("both");
        var olderInSecond = await Write("second");
        var firstQueue = await Write("first");
        await Until(async () => Waiting(await Queue("first").GetStatus()).Contains(firstQueue), "the first queue's ticket waits");

        await agent.SetPresence(Presence.Available);

        await Until(async () => (await agent.GetStatus()).Offers.Count > 0, "the agent is offered a ticket");
        Assert.Equal([firstQueue], (await agent.GetStatus()).Offers.Select(o => o.TicketId));
        await agent.Accept(firstQueue);
        var laterInFirst = await Write("first");
        await Until(async () => Waiting(await Queue("first").GetStatus()).Contains(laterInFirst), "another ticket waits in the first queue");

        await Ticket(firstQueue).Solve("both");

        await Until(async () => (await agent.GetStatus()).Offers.Count > 0, "the agent is offered the next ticket");
        Assert.Equal([laterInFirst], (await agent.GetStatus()).Offers.Select(o => o.TicketId));
        var second = await Queue("second").GetStatus();
        Assert.Equal([(olderInSecond, (string?)null)], second.Waiting.Select(e => (e.Ticket.TicketId, e.OfferedToAgentId)));
    }

    [Fact]
    public async Task Offer_from_a_lower_priority_queue_is_traded_for_a_waiting_ticket_of_a_higher_one()
    {
        await Queues();
        var agent = await Agent("both");
        await agent.SetPresence(Presence.Available);
        await Until(async () => (await Queue("first").GetStatus()).AvailableAgentIds.Contains("both"), "the first queue knows the agent");
        // A fresh activation of the first queue does not know the agent until it re-registers (a minute away), so
        // its ticket waits, and only the second queue's offer reaches the agent.
        await cluster.Cluster.DeactivateAsync(Queue("first"));
        var firstQueue = await Write("first");
        Assert.Empty((await Queue("first").GetStatus()).AvailableAgentIds);

        var secondQueue = await Write("second");

        await Until(async () => (await agent.GetStatus()).Offers.Count > 0, "the agent holds an offer");
        Assert.Equal([firstQueue], (await agent.GetStatus()).Offers.Select(o => o.TicketId));
        await Until(async () => (await Queue("second").GetStatus()).Waiting.Any(e => e.Ticket.TicketId == secondQueue && e.OfferedToAgentId is null),
            "the second queue's ticket is back in line, not offered");
        Assert.Equal([(firstQueue, (string?)"both")], (await Queue("first").GetStatus()).Waiting.Select(e => (e.Ticket.TicketId, e.OfferedToAgentId)));

        await agent.Accept(firstQueue);
        Assert.Equal("both", (await Ticket(firstQueue).Get()).AssigneeAgentId);
        Assert.Equal([secondQueue], Waiting(await Queue("second").GetStatus()));
    }

    [Fact]
    public async Task Among_queues_of_equal_priority_the_higher_priority_ticket_wins()
    {
        await Queues();
        var agent = await Agent("both", firstPriority: 1, secondPriority: 1);
        var older = await Write("first");
        var urgent = await Write("second");
        await _tenant.Ticket(urgent).ReprioritizeWaiting(3);
        await Until(async () => (await Queue("second").GetStatus()).Waiting.Any(e => e.Ticket.Priority == 3), "the urgent ticket waits at its priority");

        await agent.SetPresence(Presence.Available);

        await Until(async () => (await agent.GetStatus()).Offers.Count > 0, "the agent is offered a ticket");
        Assert.Equal([urgent], (await agent.GetStatus()).Offers.Select(o => o.TicketId));
        Assert.Equal([older], Waiting(await Queue("first").GetStatus()));
    }

    private async Task Queues()
    {
        var routing = cluster.Client.GetGrain<ITenantRoutingGrain>(_tenant.Tenant);
        await routing.UpsertQueue(QueueDefinition.Default("first"));
        await routing.UpsertQueue(QueueDefinition.Default("second"));
        await routing.SetRules([new RoutingRule("first", null, null, "first"), new RoutingRule("second", null, null, "second")]);
    }

    private async Task<IAgentGrain> Agent(string agentId, int firstPriority = 1, int secondPriority = 2)
    {
        var agent = _tenant.Agent(agentId);
        await agent.UpsertProfile(new AgentProfile(agentId, agentId, new Dictionary<ChannelKind, int> { [ChannelKind.Chat] = 1 }, AutoAccept: false, ["second", "first"])
        {
            QueuePriorities = new Dictionary<string, int> { ["first"] = firstPriority, ["second"] = secondPriority },
        });
        return agent;
    }

    private IQueueGrain Queue(string queueId) => _tenant.Queue(queueId);

    private ITicketGrain Ticket(string ticketId) => _tenant.Ticket(ticketId);

    private static string[] Waiting(QueueStatus status) => RoutingTenant.Waiting(status);

    private Task<string> Write(string brand) => _tenant.Write(ChannelKind.Chat, brand);

    private static Task Until(Func<Task<bool>> condition, string what) => RoutingTenant.Until(condition, what, Settle);
}
