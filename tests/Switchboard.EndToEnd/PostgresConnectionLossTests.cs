using Grpc.Core;
using Switchboard.EndToEnd.Harness;
using Switchboard.Testing;
using Switchboard.V1;

namespace Switchboard.EndToEnd;

/// <summary>
/// PostgreSQL ends every connection the cluster holds (a failover of the server, a restart, an operator's
/// <c>pg_terminate_backend</c>). The silo's connections are multiplexed (several callers' statements share one), so one
/// broken connection fails every statement in flight on it: each of those messages must be refused as UNAVAILABLE,
/// never acknowledged, and the next ones stored on new connections.
/// </summary>
public sealed class PostgresConnectionLossTests
{
    private static readonly TimeSpan RecoveryLimit = TimeSpan.FromSeconds(30);

    [PostgresFact]
    public async Task Messages_sent_across_the_loss_of_every_connection_are_stored_once_and_none_acknowledged_is_lost()
    {
        await using var cluster = await PostgresCluster.Start(silos: 1, gateways: 1);
        var gateway = cluster.Gateways[0];
        await using var adapter = await AdapterSession.Open(gateway, "webchat");
        var before = await adapter.SendAcked(AdapterSession.Message("conv-loss-a", "a-1", "Hello, my parcel is late."));

        await EndEveryConnection(cluster);

        // The open ticket (an append only) and a new conversation (its reads, then an append), each sent until
        // acknowledged: the first tries may meet the broken connections and be refused, never half-stored.
        var same = await SendUntilAcked(adapter, AdapterSession.Message("conv-loss-a", "a-2", "Any news?"));
        var fresh = await SendUntilAcked(adapter, AdapterSession.Message("conv-loss-b", "b-1", "Where is my refund?", sender: "+15550199"));

        Assert.Equal(before.TicketId, same.TicketId);
        var ticket = (await gateway.Agents.GetTicketAsync(new() { TicketId = before.TicketId })).Ticket;
        Assert.Equal(["Hello, my parcel is late.", "Any news?"], ticket.Transcript.Select(entry => entry.Body));
        var other = (await gateway.Agents.GetTicketAsync(new() { TicketId = fresh.TicketId })).Ticket;
        Assert.Equal(["Where is my refund?"], other.Transcript.Select(entry => entry.Body));

        // A retry of what was acknowledged across the loss is known, not stored again.
        Assert.True((await adapter.SendAcked(AdapterSession.Message("conv-loss-a", "a-2", "Any news?"))).Duplicate);
    }

    [PostgresFact]
    public async Task Messages_in_flight_when_every_connection_ends_are_acknowledged_or_refused_and_each_is_stored_once()
    {
        await using var cluster = await PostgresCluster.Start(silos: 1, gateways: 1);
        var gateway = cluster.Gateways[0];
        await using var adapter = await AdapterSession.Open(gateway, "webchat");
        const int Conversations = 6;
        const int PerConversation = 8;
        var messages = Enumerable.Range(0, PerConversation)
            .SelectMany(i => Enumerable.Range(0, Conversations).Select(c =>
                AdapterSession.Message($"conv-inflight-{c}", $"c{c}-m{i}", $"message {i} of conversation {c}", sender: $"+1555020{c}")))
            .ToArray();

        // A third goes out, every connection ends while those are being stored, then the rest go out.
        foreach (var message in messages[..16])
        {
            await adapter.Write(message);
        }
        await EndEveryConnection(cluster);
        foreach (var message in messages[16..])
        {
            await adapter.Write(message);
        }

        // Answers come in the order their batches finish, one for each message.
        var answers = new Dictionary<string, StreamConversationsResponse>();
        while (answers.Count < messages.Length)
        {
            var answer = await adapter.Inbox.Next(r => r.FrameCase is StreamConversationsResponse.FrameOneofCase.InboundAck
                or StreamConversationsResponse.FrameOneofCase.InboundRejected);
            var id = answer.FrameCase == StreamConversationsResponse.FrameOneofCase.InboundAck
                ? answer.InboundAck.AdapterMessageId
                : answer.InboundRejected.AdapterMessageId;
            Assert.True(answers.TryAdd(id, answer), $"{id} was answered twice");
        }
        var tickets = new Dictionary<string, string>();
        var refused = new List<InboundMessage>();
        foreach (var message in messages)
        {
            var answer = answers[message.AdapterMessageId];
            if (answer.FrameCase == StreamConversationsResponse.FrameOneofCase.InboundAck)
            {
                tickets[message.ConversationId] = answer.InboundAck.TicketId;
                continue;
            }
            Assert.Equal((int)StatusCode.Unavailable, answer.InboundRejected.Code);
            refused.Add(message);
        }
        foreach (var message in refused)
        {
            tickets[message.ConversationId] = (await SendUntilAcked(adapter, message)).TicketId;
        }

        // Every message of a conversation once in its ticket: none acknowledged is lost, none refused half-stored.
        Assert.Equal(Conversations, tickets.Count);
        foreach (var (conversation, ticketId) in tickets)
        {
            var transcript = (await gateway.Agents.GetTicketAsync(new() { TicketId = ticketId })).Ticket.Transcript.Select(entry => entry.Body).ToList();
            var expected = messages.Where(m => m.ConversationId == conversation).Select(m => m.Body);
            Assert.Equal(expected.Order(), transcript.Order());
        }
    }

    /// <summary>Ends every connection to the cluster's database but the one asking; fails if there was none to end.</summary>
    private static Task EndEveryConnection(PostgresCluster cluster) => cluster.ExecuteAsync("""
        DO $$ BEGIN
            IF (SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity
                WHERE datname = current_database() AND pid <> pg_backend_pid()) = 0 THEN
                RAISE EXCEPTION 'no connection to end';
            END IF;
        END $$;
        """);

    private static async Task<InboundAck> SendUntilAcked(AdapterSession adapter, InboundMessage message)
    {
        var deadline = DateTime.UtcNow + RecoveryLimit;
        while (true)
        {
            var answer = await adapter.Send(message);
            if (answer.FrameCase == StreamConversationsResponse.FrameOneofCase.InboundAck)
            {
                return answer.InboundAck;
            }
            Assert.Equal(StreamConversationsResponse.FrameOneofCase.InboundRejected, answer.FrameCase);
            Assert.Equal((int)StatusCode.Unavailable, answer.InboundRejected.Code);
            Assert.True(DateTime.UtcNow < deadline, $"Still refused after {RecoveryLimit.TotalSeconds:0} s: {answer.InboundRejected.Message}");
            await Task.Delay(200);
        }
    }
}
