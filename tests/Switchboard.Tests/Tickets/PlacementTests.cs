using Switchboard.Contracts;
using Switchboard.Contracts.Tickets;
using Switchboard.Tests.Routing;

namespace Switchboard.Tests.Tickets;

/// <summary>
/// On a two-silo cluster, a conversation's ticket is activated on the conversation's silo, so the message path (the
/// conversation calling its ticket, the ticket asking the customer's address) stays inside one silo. Under Orleans'
/// default placement (resource-optimized) 2 of these 16 tickets sat on the other silo when this test was written.
/// </summary>
public sealed class PlacementTests(RoutingInvariantCluster cluster) : IClassFixture<RoutingInvariantCluster>
{
    private readonly string _tenant = $"place-{Guid.NewGuid():N}"[..16];

    [Fact]
    public async Task A_conversation_s_ticket_lives_on_the_conversation_s_silo()
    {
        Assert.Equal(2, cluster.Cluster.Silos.Count);
        var pairs = new List<(SiloAddress? Conversation, SiloAddress? Ticket)>();
        for (var i = 0; i < 16; i++)
        {
            var conversationId = $"c-{i}";
            var conversation = cluster.Client.GetGrain<IConversationGrain>(GrainKey.For(_tenant, $"sim:{conversationId}"));
            // No customer id: the ticket asks the address's directory entry itself, as it does for an adapter's message.
            var receipt = await conversation.Receive(new CustomerMessage(
                "sim", ChannelKind.Chat, conversationId, $"{conversationId}-1", $"visitor-{i}", "", "Hello", DateTimeOffset.UtcNow));
            var ticket = cluster.Client.GetGrain<ITicketGrain>(GrainKey.For(_tenant, receipt.TicketId));
            pairs.Add((cluster.HostOf(conversation), cluster.HostOf(ticket)));
        }

        Assert.All(pairs, pair =>
        {
            Assert.NotNull(pair.Conversation);
            Assert.Equal(pair.Conversation, pair.Ticket);
        });
    }
}
