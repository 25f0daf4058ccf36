using System.Diagnostics;
using Switchboard.Contracts.Agents;
using Switchboard.Contracts.Routing;
using Switchboard.Contracts.Tickets;

namespace Switchboard.Tests.Routing;

/// <summary>
/// The queue is soft state: when its activation is lost, the next one reloads waiting tickets from the ticket
/// index and relearns available agents as they re-register (every AgentRefreshInterval), so routing resumes
/// within that bound and nothing offered or assigned meanwhile is lost or offered twice.
/// </summary>
public sealed class QueueRecoveryTests(QueueRecoveryCluster cluster) : IClassFixture<QueueRecoveryCluster>
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(10);

    private readonly RoutingTenant _tenant = new(cluster.Client, "rec");

    [Fact]
    public async Task Lost_queue_reloads_its_line_and_relearns_idle_agents_within_the_refresh_interval()
    {
        var chat = await Agent("chat-1", autoAccept: true, (ChannelKind.Chat, 1));
        var mail = await Agent("mail-1", autoAccept: true, (ChannelKind.Email, 1));
        var first = await Write(ChannelKind.Chat);
        await Until(async () => (await chat.GetStatus()).AssignedTicketIds.Contains(first), "the first chat is assigned");
        var second = await Write(ChannelKind.Chat);
        var third = await Write(ChannelKind.Chat);
        await Until(async () => WaitingIds(await Queue.GetStatus()).SequenceEqual([second, third]), "two chats wait");

        await cluster.Cluster.DeactivateAsync(Queue);
        var clock = Stopwatch.StartNew();
        var email = await Write(ChannelKind.Email);

        // Nothing but its periodic re-registration tells the new activation about the idle email agent.
        var status = await Queue.GetStatus();
        Assert.Equal([second, third], WaitingIds(status).Where(id => id != email));
        await Until(async () => (await mail.GetStatus()).AssignedTicketIds.Contains(email), "the idle agent gets the new ticket");
        var bound = cluster.Routing.AgentRefreshInterval * 2 + TimeSpan.FromSeconds(2);
        Assert.True(clock.Elapsed < bound, $"routing resumed after {clock.Elapsed.TotalSeconds:F1} s, more than {bound.TotalSeconds} s");

        await Ticket(first).Solve("chat-1");
        await Until(async () => (await chat.GetStatus()).AssignedTicketIds.SequenceEqual([second]), "the oldest reloaded chat goes first");
        Assert.Equal([third], WaitingIds(await Queue.GetStatus()));
    }

    [Fact]
    public async Task Offer_accepted_after_the_queue_was_lost_leaves_no_ghost_in_line()
    {
        var keeper = await Agent("keeper", autoAccept: false, (ChannelKind.Chat, 1));
        var spare = await Agent("spare", autoAccept: false, (ChannelKind.Chat, 1));
        await spare.SetPresence(Presence.Away);
        var offered = await Write(ChannelKind.Chat);
        await Until(async () => (await keeper.GetStatus()).Offers.Any(o => o.TicketId == offered), "the keeper is offered the chat");

        await cluster.Cluster.DeactivateAsync(Queue);
        var later = await Write(ChannelKind.Chat);
        // The new activation reloads the offered ticket as waiting: it cannot know the keeper's offer.
        Assert.Contains(offered, WaitingIds(await Queue.GetStatus()));
        await keeper.Accept(offered);

        await Until(async () => WaitingIds(await Queue.GetStatus()).SequenceEqual([later]), "the accepted ticket leaves the line");
        await spare.SetPresence(Presence.Available);
        await Until(async () => (await spare.GetStatus()).Offers.Select(o => o.TicketId).SequenceEqual([later]), "the spare agent is offered the waiting chat");
        Assert.Equal("keeper", (await Ticket(offered).Get()).AssigneeAgentId);
    }

    [Fact]
    public async Task Offer_accepted_after_the_customer_wrote_again_and_the_queue_was_lost_leaves_no_ghost_in_line()
    {
        // The ticket's log moves on while it waits (a second message), so its last position no longer names the
        // wait its offer was made in. The rebuilt line must still take the keeper's answer as the answer to that wait.
        var keeper = await Agent("keeper", autoAccept: false, (ChannelKind.Chat, 1));
        var offered = await Write(ChannelKind.Chat);
        await Until(async () => (await keeper.GetStatus()).Offers.Any(o => o.TicketId == offered), "the keeper is offered the chat");
        var view = await Ticket(offered).Get();
        await Ticket(offered).Receive(
            new CustomerMessage("sim", ChannelKind.Chat, view.ConversationId, $"{view.ConversationId}-2", view.ConversationId, view.CustomerId, "Still there?", DateTimeOffset.UtcNow),
            followUpOf: null);

        await cluster.Cluster.DeactivateAsync(Queue);
        Assert.Contains(offered, WaitingIds(await Queue.GetStatus()));
        await keeper.Accept(offered);

        // Well before the queue's periodic check against the store (10 s), which would drop a stale entry anyway.
        await RoutingTenant.Until(async () => WaitingIds(await Queue.GetStatus()).Length == 0, "the accepted ticket leaves the line", TimeSpan.FromSeconds(4));
        Assert.Equal("keeper", (await Ticket(offered).Get()).AssigneeAgentId);
    }

    private IQueueGrain Queue => _tenant.Queue();

    private ITicketGrain Ticket(string ticketId) => _tenant.Ticket(ticketId);

    private static string[] WaitingIds(QueueStatus status) => RoutingTenant.Waiting(status);

    private async Task<IAgentGrain> Agent(string agentId, bool autoAccept, (ChannelKind Channel, int Count) capacity)
    {
        var agent = _tenant.Agent(agentId);
        await agent.UpsertProfile(new AgentProfile(agentId, agentId, new Dictionary<ChannelKind, int> { [capacity.Channel] = capacity.Count }, autoAccept, [AgentProfile.DefaultQueueId]));
        await agent.SetPresence(Presence.Available);
        return agent;
    }

    private Task<string> Write(ChannelKind channel) => _tenant.Write(channel);

    private static Task Until(Func<Task<bool>> condition, string what) => RoutingTenant.Until(condition, what, Settle);
}
