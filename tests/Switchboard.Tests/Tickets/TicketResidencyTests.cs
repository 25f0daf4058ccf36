using Microsoft.Extensions.DependencyInjection;
using Switchboard.Contracts;
using Switchboard.Contracts.Agents;
using Switchboard.Contracts.Customers;
using Switchboard.Contracts.Tickets;
using Switchboard.Tests.Routing;

namespace Switchboard.Tests.Tickets;

/// <summary>
/// Work that is done does not stay in memory: a solved or closed ticket's activation goes once the call that solved or
/// closed it is over, not after the 15-minute idle age, and the next call reads the same ticket back from its log; nor
/// does it leave a reminder of its own for auto-close (the tenant's sweeper finds it in the index). A customer address
/// goes as soon as it has named its customer.
/// </summary>
public sealed class TicketResidencyTests(CrossQueueCluster cluster) : IClassFixture<CrossQueueCluster>
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(10);

    private readonly RoutingTenant _tenant = new(cluster.Client, "res");

    [Fact]
    public async Task Solved_ticket_leaves_memory_and_reads_back_the_same_from_its_log()
    {
        var agent = await AutoAcceptingAgent("solver", chats: 2);
        var solved = await _tenant.Write(ChannelKind.Chat);
        var open = await _tenant.Write(ChannelKind.Chat);
        await RoutingTenant.Until(async () => (await agent.GetStatus()).AssignedTicketIds.Count == 2, "both chats are assigned", Settle);
        Assert.True(await IsActive(solved));
        var before = await _tenant.Ticket(solved).Get();

        Assert.Equal(TicketStatus.Solved, await _tenant.Ticket(solved).Solve("solver"));

        await RoutingTenant.Until(async () => !await IsActive(solved), "the solved ticket's activation is gone", Settle);
        // Auto-close is the tenant's sweeper's work: the solve left no reminder of the ticket's own.
        var reminders = cluster.Cluster.Silos[0].ServiceProvider.GetRequiredService<IReminderTable>();
        Assert.Empty((await reminders.ReadRows(_tenant.Ticket(solved).GetGrainId())).Reminders);
        Assert.True(await IsActive(open), "an open ticket stays in memory");
        var after = await _tenant.Ticket(solved).Get();
        Assert.Equal(TicketStatus.Solved, after.Status);
        Assert.Equal("solver", after.AssigneeAgentId);
        Assert.Equal(before.Transcript.Select(t => t.Body), after.Transcript.Select(t => t.Body));
        Assert.Equal([open], (await agent.GetStatus()).AssignedTicketIds);

        // A read keeps it no longer than any idle grain; a close lets it go at once again.
        Assert.Equal(TicketStatus.Closed, await _tenant.Ticket(solved).Close());
        await RoutingTenant.Until(async () => !await IsActive(solved), "the closed ticket's activation is gone", Settle);
    }

    [Fact]
    public async Task Auto_close_reminder_left_by_an_earlier_version_goes_and_leaves_a_ticket_not_yet_due_solved()
    {
        var agent = await AutoAcceptingAgent("legacy", chats: 1);
        var ticketId = await _tenant.Write(ChannelKind.Chat);
        await RoutingTenant.Until(async () => (await agent.GetStatus()).AssignedTicketIds.Count == 1, "the chat is assigned", Settle);
        Assert.Equal(TicketStatus.Solved, await _tenant.Ticket(ticketId).Solve("legacy"));

        // What versions before the sweeper stored at each solve: one reminder per ticket, named "auto-close".
        var ticket = _tenant.Ticket(ticketId);
        var reminders = cluster.Cluster.Silos[0].ServiceProvider.GetRequiredService<IReminderTable>();
        var now = DateTime.UtcNow;
        await reminders.UpsertRow(new ReminderEntry { GrainId = ticket.GetGrainId(), ReminderName = "auto-close", StartAt = now, Period = TimeSpan.FromDays(4) });
        Assert.Single((await reminders.ReadRows(ticket.GetGrainId())).Reminders);

        await ticket.AsReference<IRemindable>().ReceiveReminder("auto-close", new TickStatus(now, TimeSpan.FromDays(4), now));

        Assert.Empty((await reminders.ReadRows(ticket.GetGrainId())).Reminders);
        Assert.Equal(TicketStatus.Solved, (await ticket.Get()).Status);
    }

    [Fact]
    public async Task A_conversation_leaves_memory_when_its_ticket_is_solved_and_its_next_message_reopens_that_ticket()
    {
        var agent = await AutoAcceptingAgent("closer", chats: 2);
        var ending = await _tenant.Write(ChannelKind.Chat, "conversation-ending", "1");
        var going = await _tenant.Write(ChannelKind.Chat, "conversation-going", "1");
        await RoutingTenant.Until(async () => (await agent.GetStatus()).AssignedTicketIds.Count == 2, "both chats are assigned", Settle);
        var (endingKey, goingKey) = (GrainKey.For(_tenant.Tenant, "sim:conversation-ending"), GrainKey.For(_tenant.Tenant, "sim:conversation-going"));
        Assert.True(await IsActiveKey(endingKey));

        Assert.Equal(TicketStatus.Solved, await _tenant.Ticket(ending).Solve("closer"));

        await RoutingTenant.Until(async () => !await IsActiveKey(endingKey), "the solved ticket's conversation is gone", Settle);
        Assert.True(await IsActiveKey(goingKey), "the conversation of an open ticket stays in memory");
        // The customer writes again: the conversation reads its record back and the same ticket reopens.
        Assert.Equal(ending, await _tenant.Write(ChannelKind.Chat, "conversation-ending", "2"));
        var reopened = await _tenant.Ticket(ending).Get();
        Assert.NotEqual(TicketStatus.Solved, reopened.Status);
        Assert.Equal(2, reopened.Transcript.Count(t => t.Author == Author.Customer));
    }

    [Fact]
    public async Task A_customer_address_leaves_memory_once_it_has_named_its_customer_and_names_the_same_one_again()
    {
        var key = GrainKey.For(_tenant.Tenant, "chat:visitor-passing");
        var address = cluster.Client.GetGrain<ICustomerDirectoryGrain>(key);
        var first = await address.Resolve();
        await RoutingTenant.Until(async () => !await IsActiveKey(key), "the address's activation is gone", Settle);
        Assert.Equal(first, await address.Resolve());

        // An erasure is stored before it answers, so the activation after it names the new customer too.
        await address.Forget(first);
        var second = await address.Resolve();
        Assert.NotEqual(first, second);
        await RoutingTenant.Until(async () => !await IsActiveKey(key), "the address's activation is gone again", Settle);
        Assert.Equal(second, await address.Resolve());
    }

    private async Task<IAgentGrain> AutoAcceptingAgent(string agentId, int chats)
    {
        var agent = _tenant.Agent(agentId);
        await agent.UpsertProfile(new AgentProfile(agentId, agentId, new Dictionary<ChannelKind, int> { [ChannelKind.Chat] = chats }, AutoAccept: true, [AgentProfile.DefaultQueueId]));
        await agent.SetPresence(Presence.Available);
        return agent;
    }

    private Task<bool> IsActive(string ticketId) => IsActiveKey(GrainKey.For(_tenant.Tenant, ticketId));

    private async Task<bool> IsActiveKey(string key)
    {
        var management = cluster.Client.GetGrain<IManagementGrain>(0);
        var activations = await management.GetDetailedGrainStatistics();
        return activations.Any(a => a.GrainId.Key.ToString() == key);
    }
}
