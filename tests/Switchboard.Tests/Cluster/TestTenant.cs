using Switchboard.Contracts;
using Switchboard.Contracts.Agents;
using Switchboard.Contracts.Customers;
using Switchboard.Contracts.Routing;
using Switchboard.Contracts.Tickets;

namespace Switchboard.Tests.Cluster;

/// <summary>A tenant of its own for one test: its grains, and customer messages sent in as the gateway does.</summary>
public sealed class TestTenant(IClusterClient client)
{
    public string Id { get; } = $"t{Guid.NewGuid():N}";

    public ITicketGrain Ticket(string ticketId) => client.GetGrain<ITicketGrain>(GrainKey.For(Id, ticketId));

    public IAgentGrain Agent(string agentId) => client.GetGrain<IAgentGrain>(GrainKey.For(Id, agentId));

    public IQueueGrain Queue(string queueId = AgentProfile.DefaultQueueId) => client.GetGrain<IQueueGrain>(GrainKey.For(Id, queueId));

    public ICustomerDirectoryGrain Directory(ChannelKind channel, string address) =>
        client.GetGrain<ICustomerDirectoryGrain>(GrainKey.For(Id, $"{channel.ToString().ToLowerInvariant()}:{address}"));

    public ICustomerGrain Customer(string customerId) => client.GetGrain<ICustomerGrain>(GrainKey.For(Id, customerId));

    public IConversationGrain Conversation(string adapterId, string conversationId) =>
        client.GetGrain<IConversationGrain>(GrainKey.For(Id, $"{adapterId}:{conversationId}"));

    /// <summary>A customer message through directory and conversation, as the gateway sends it.</summary>
    public async Task<InboundReceipt> Receive(string conversationId, string adapterMessageId, string body, string sender = "+15550100")
    {
        var customerId = await Directory(ChannelKind.Chat, sender).Resolve();
        var message = new CustomerMessage("webchat", ChannelKind.Chat, conversationId, adapterMessageId, sender, customerId, body, DateTimeOffset.UtcNow);
        return await Conversation("webchat", conversationId).Receive(message);
    }

    /// <summary>Creates an agent serving the default queue with the given chat capacity.</summary>
    public Task<AgentProfile> CreateAgent(string agentId, bool autoAccept = false, int chatCapacity = 3) =>
        Agent(agentId).UpsertProfile(new AgentProfile(
            agentId, agentId, new Dictionary<ChannelKind, int> { [ChannelKind.Chat] = chatCapacity }, autoAccept, [AgentProfile.DefaultQueueId]));
}
