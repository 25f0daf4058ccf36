using System.Diagnostics;
using Switchboard.Contracts;
using Switchboard.Contracts.Agents;
using Switchboard.Contracts.Customers;
using Switchboard.Contracts.Routing;
using Switchboard.Contracts.Tickets;

namespace Switchboard.Tests.Routing;

/// <summary>A test's own tenant on a routing cluster: writes conversations in, reaches its grains, and waits for a state.</summary>
public sealed class RoutingTenant(IClusterClient client, string prefix)
{
    private int _conversations;

    public string Tenant { get; } = $"{prefix}-{Guid.NewGuid():N}"[..16];

    public IQueueGrain Queue(string queueId = AgentProfile.DefaultQueueId) => client.GetGrain<IQueueGrain>(GrainKey.For(Tenant, queueId));

    public ITicketGrain Ticket(string ticketId) => client.GetGrain<ITicketGrain>(GrainKey.For(Tenant, ticketId));

    public IAgentGrain Agent(string agentId) => client.GetGrain<IAgentGrain>(GrainKey.For(Tenant, agentId));

    public static string[] Waiting(QueueStatus status) => status.Waiting.Select(e => e.Ticket.TicketId).ToArray();

    /// <summary>A new customer opens a conversation; returns the ticket it opened.</summary>
    public Task<string> Write(ChannelKind channel, string? brand = null) =>
        Write(channel, $"c-{Interlocked.Increment(ref _conversations)}", "1", brand);

    /// <summary>The customer of <paramref name="conversation"/> writes message <paramref name="messageId"/>; returns its ticket.</summary>
    public async Task<string> Write(ChannelKind channel, string conversation, string messageId, string? brand = null)
    {
        var customer = await client.GetGrain<ICustomerDirectoryGrain>(GrainKey.For(Tenant, $"{channel}:{conversation}")).Resolve();
        var message = new CustomerMessage("sim", channel, conversation, $"{conversation}-{messageId}", conversation, customer, "Hello", DateTimeOffset.UtcNow) { Brand = brand };
        return (await client.GetGrain<IConversationGrain>(GrainKey.For(Tenant, $"sim:{conversation}")).Receive(message)).TicketId;
    }

    public static async Task Until(Func<Task<bool>> condition, string what, TimeSpan within)
    {
        var deadline = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(deadline.Elapsed < within, $"Not within {within.TotalSeconds} s: {what}");
            await Task.Delay(50);
        }
    }
}
