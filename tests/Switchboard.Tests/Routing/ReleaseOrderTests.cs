using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Switchboard.Contracts.Agents;
using Switchboard.Contracts.Routing;
using Switchboard.Contracts.Tickets;
using Switchboard.Silo.Agents;
using Switchboard.Silo.Storage.Sqlite;

namespace Switchboard.Tests.Routing;

/// <summary>
/// A ticket's release (solve, transfer) and the offer of its next wait are both one-way messages to the agent, from
/// different grains, so across silos the offer can arrive first. The late release must not take the new assignment
/// away: the randomized run found an agent that no longer listed a ticket assigned to it.
/// </summary>
public sealed class ReleaseOrderTests(CrossQueueCluster cluster) : IClassFixture<CrossQueueCluster>
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(10);

    private readonly RoutingTenant _tenant = new(cluster.Client, "rel");

    [Fact]
    public async Task Release_from_before_the_agents_current_assignment_leaves_it_and_a_later_one_frees_it()
    {
        var (agent, ticketId) = await SolvedOnce("ann", "c-reopened");

        // The customer writes again: the ticket reopens and waits for its last agent, who takes it.
        Assert.Equal(ticketId, await _tenant.Write(ChannelKind.Chat, "c-reopened", "2"));
        var wait = await Until(async () => (await _tenant.Queue().GetStatus()).Waiting.SingleOrDefault(e => e.Ticket.TicketId == ticketId),
            "the reopened ticket waits");
        await AcceptWhenOffered(agent, ticketId);

        // The first solve's release, overtaken by the offer, arrives now.
        await agent.NotifyTicketReleased(ticketId, TicketStatus.Solved, wait.Ticket.WaitSequence - 1);
        await Task.Delay(300);

        Assert.Equal([ticketId], (await agent.GetStatus()).AssignedTicketIds);
        Assert.Equal("ann", (await _tenant.Ticket(ticketId).Get()).AssigneeAgentId);
        var anotherTicket = await _tenant.Write(ChannelKind.Chat);
        await Task.Delay(300);
        Assert.Empty((await agent.GetStatus()).Offers);

        await _tenant.Ticket(ticketId).Solve("ann");
        await Until(async () => (await agent.GetStatus()).AssignedTicketIds.Count == 0, "the second solve frees the agent");
        await AcceptWhenOffered(agent, anotherTicket);
    }

    [Fact]
    public async Task Agent_that_restarted_from_the_ticket_index_ignores_a_release_from_before_its_assignment()
    {
        var agent = await AvailableAgent("bea");
        var ticketId = await _tenant.Write(ChannelKind.Chat, "c-restarted", "1");
        var wait = await Until(async () => (await _tenant.Queue().GetStatus()).Waiting.SingleOrDefault(e => e.Ticket.TicketId == ticketId),
            "the ticket waits");
        await AcceptWhenOffered(agent, ticketId);

        // The agent's activation is lost; the next one takes its tickets from the index, then a late release arrives.
        await cluster.Cluster.DeactivateAsync(agent);
        await agent.NotifyTicketReleased(ticketId, TicketStatus.Solved, wait.Ticket.WaitSequence - 1);
        await Task.Delay(300);

        Assert.Equal([ticketId], (await agent.GetStatus()).AssignedTicketIds);
        await agent.NotifyTicketReleased(ticketId, TicketStatus.Solved, wait.Ticket.WaitSequence + 100);
        await Until(async () => (await agent.GetStatus()).AssignedTicketIds.Count == 0, "a release after the assignment frees the agent");
    }

    [Fact]
    public async Task A_queue_that_a_late_report_gave_an_agent_back_to_after_it_left_drops_it_at_the_first_offer()
    {
        var agent = await AvailableAgent("cid");
        await agent.SetPresence(Presence.Away);
        await Until(async () => !(await _tenant.Queue().GetStatus()).AvailableAgentIds.Contains("cid"), "the queue hears the agent left");
        // The agent's report from before it left, overtaken on the way by its leaving, arrives now.
        await _tenant.Queue().AgentReady(new AgentCapacity("cid", new Dictionary<ChannelKind, int> { [ChannelKind.Chat] = 1 }, DateTimeOffset.UtcNow));
        await Until(async () => (await _tenant.Queue().GetStatus()).AvailableAgentIds.Contains("cid"), "the late report seats the agent again");

        var ticketId = await _tenant.Write(ChannelKind.Chat);

        // The agent refuses the offer and tells the queue it is gone: the ticket waits, not offered back and forth.
        await Until(async () => (await _tenant.Queue().GetStatus()) is { AvailableAgentIds.Count: 0 } status
            && status.Waiting.Any(e => e.Ticket.TicketId == ticketId && e.OfferedToAgentId is null), "the queue drops the agent who left");
        Assert.Empty((await agent.GetStatus()).Offers);
    }

    [Fact]
    public async Task A_release_reaches_the_agents_record_within_seconds()
    {
        var (agent, _) = await SolvedOnce("dee", "c-record");

        // One write covers the releases of a few seconds (AgentGrain.RecordWriteDelay), then the record has them.
        await Until(async () => (await StoredRecord(agent)).HandledToday == 1, "the agent's record counts the solve");
        Assert.Empty((await StoredRecord(agent)).Assigned);
    }

    [Fact]
    public async Task A_release_not_written_yet_is_written_when_the_agents_activation_ends()
    {
        var (agent, _) = await SolvedOnce("eve", "c-record-end");

        await cluster.Cluster.DeactivateAsync(agent);

        Assert.Equal(1, (await StoredRecord(agent)).HandledToday);
    }

    /// <summary>An available agent who took a customer's first ticket and solved it; returns once the solve freed it.</summary>
    private async Task<(IAgentGrain Agent, string TicketId)> SolvedOnce(string agentId, string conversation)
    {
        var agent = await AvailableAgent(agentId);
        var ticketId = await _tenant.Write(ChannelKind.Chat, conversation, "1");
        await AcceptWhenOffered(agent, ticketId);
        await _tenant.Ticket(ticketId).Solve(agentId);
        await Until(async () => (await agent.GetStatus()).AssignedTicketIds.Count == 0, "the solve frees the agent");
        return (agent, ticketId);
    }

    /// <summary>The agent's record as the silos' grain storage has it.</summary>
    private async Task<AgentState> StoredRecord(IAgentGrain agent)
    {
        var storage = cluster.Cluster.Silos[0].ServiceProvider.GetRequiredKeyedService<IGrainStorage>(SqliteStorageExtensions.StorageName);
        var stored = new GrainState<AgentState>(new AgentState());
        await storage.ReadStateAsync("agent", agent.GetGrainId(), stored);
        return stored.State ?? new AgentState();
    }

    /// <summary>An agent with room for one chat, who answers offers by hand, available.</summary>
    private async Task<IAgentGrain> AvailableAgent(string agentId)
    {
        var agent = _tenant.Agent(agentId);
        await agent.UpsertProfile(new AgentProfile(agentId, agentId, new Dictionary<ChannelKind, int> { [ChannelKind.Chat] = 1 }, AutoAccept: false,
            [AgentProfile.DefaultQueueId]));
        await agent.SetPresence(Presence.Available);
        return agent;
    }

    private static async Task AcceptWhenOffered(IAgentGrain agent, string ticketId)
    {
        await Until(async () => (await agent.GetStatus()).Offers.Any(o => o.TicketId == ticketId), $"ticket {ticketId} is offered");
        await agent.Accept(ticketId);
    }

    private static Task Until(Func<Task<bool>> condition, string what) => RoutingTenant.Until(condition, what, Settle);

    private static async Task<T> Until<T>(Func<Task<T?>> value, string what) where T : class
    {
        T? found = null;
        await RoutingTenant.Until(async () => (found = await value()) is not null, what, Settle);
        return found!;
    }
}
