using Grpc.Health.V1;
using Switchboard.EndToEnd.Harness;
using Switchboard.Testing;
using Switchboard.V1;

namespace Switchboard.EndToEnd;

/// <summary>Cluster mode: silos and a separate gateway process on PostgreSQL, driven through the gateway's gRPC API.</summary>
public sealed class ClusterFailoverTests
{
    private const int Active = 3;
    private const int Dead = 6;

    [PostgresFact]
    public async Task Conversation_runs_through_a_gateway_and_survives_stopping_a_silo()
    {
        await using var cluster = await PostgresCluster.Start(silos: 2, gateways: 1);
        var gateway = cluster.Gateways[0];
        Assert.Equal(2, await cluster.SilosWithStatus(Active));
        foreach (var silo in cluster.Silos)
        {
            var health = await new Health.HealthClient(silo.Anonymous).CheckAsync(new HealthCheckRequest());
            Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
        }
        await gateway.Admin.UpsertAgentAsync(new() { Agent = new AgentProfile { AgentId = "alice", DisplayName = "Alice", AutoAccept = true } });
        await gateway.Agents.SetPresenceAsync(new() { AgentId = "alice", Presence = Presence.Available });

        var (first, delivery) = await RunConversation(gateway, "conv-1", "m-1", "Where is my parcel?", "It ships today.", lastAcked: 0);

        await cluster.StopSilo(0);
        Assert.Equal(1, await cluster.SilosWithStatus(Active));
        Assert.Equal(1, await cluster.SilosWithStatus(Dead));

        // The agent's desktop and the adapter reconnect, as they would after any hiccup; the cluster carries on
        // with one silo, grains that lived on the stopped one are activated again from PostgreSQL.
        await using (var desk = await DeskSession.Open(gateway, "alice"))
        {
            Assert.Equal(Presence.Available, desk.Snapshot.Presence);
            var (second, _) = await RunConversation(gateway, "conv-2", "m-2", "And my refund?", "Refunded just now.", lastAcked: delivery);
            Assert.NotEqual(first.TicketId, second.TicketId);
            Assert.Equal(first.CustomerId, second.CustomerId);
        }

        var transcript = (await gateway.Agents.GetTicketAsync(new() { TicketId = first.TicketId })).Ticket;
        Assert.Equal(["Where is my parcel?", "It ships today."], transcript.Transcript.Select(m => m.Body));
        Assert.Equal([Author.Customer, Author.Agent], transcript.Transcript.Select(m => m.Author));
        Assert.Equal("alice", transcript.AssigneeAgentId);
    }

    /// <summary>Inbound message → auto-accepting agent → reply → delivered to the adapter and acked.</summary>
    private static async Task<(InboundAck Ack, long Delivery)> RunConversation(
        SwitchboardNode gateway, string conversation, string messageId, string question, string answer, long lastAcked)
    {
        await using var adapter = await AdapterSession.Open(gateway, "webchat", lastAcked);
        var ack = await adapter.SendAcked(AdapterSession.Message(conversation, messageId, question, sender: "visitor-7"));
        await Eventually.Until(
            async () => (await gateway.Agents.GetTicketAsync(new() { TicketId = ack.TicketId })).Ticket.AssigneeAgentId == "alice",
            TimeSpan.FromSeconds(30),
            $"ticket {ack.TicketId} assigned to alice");

        await gateway.Agents.ReplyAsync(new() { AgentId = "alice", TicketId = ack.TicketId, Body = answer });

        var outbound = await adapter.NextOutbound();
        Assert.Equal(answer, outbound.Body);
        Assert.Equal(conversation, outbound.ConversationId);
        Assert.Equal("visitor-7", outbound.RecipientAddress);
        await adapter.Ack(outbound.DeliverySequence);
        return (ack, outbound.DeliverySequence);
    }
}
