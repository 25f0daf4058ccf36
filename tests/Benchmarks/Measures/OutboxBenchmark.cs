using System.Diagnostics;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Switchboard.Benchmarks.Hosting;
using Switchboard.Benchmarks.Reporting;
using Switchboard.V1;

namespace Switchboard.Benchmarks.Measures;

/// <summary>
/// What one more reply costs while its adapter is away and replies wait in the outbox: the reply's time and the bytes
/// written (write(2) bytes of this process) with about 10 replies waiting, and with about 3,000. The outbox keeps one
/// row per delivery, so both should cost the same; an outbox that rewrote its whole backlog would write 300x more.
/// </summary>
public static class OutboxBenchmark
{
    private const int Replies = 3_005;
    private const int Window = 10;

    public static async Task Run(Report report)
    {
        report.Section($"outbox: {Replies} replies, one at a time, to a customer whose adapter is away; medians around 10 and 3,000 waiting");
        await using var node = await BenchmarkNode.Start();
        await node.Admin.UpsertAgentAsync(new() { Agent = new AgentProfile { AgentId = "writer", AutoAccept = true } });
        using var stop = new CancellationTokenSource();
        using var desk = node.Agents.StreamDesk(new StreamDeskRequest { AgentId = "writer" }, cancellationToken: stop.Token);
        await desk.ResponseStream.MoveNext(CancellationToken.None);
        var drain = Task.Run(async () =>
        {
            try
            {
                while (await desk.ResponseStream.MoveNext(stop.Token))
                {
                }
            }
            catch (Exception e) when (e is RpcException or OperationCanceledException)
            {
                // The benchmark is over.
            }
        });
        await node.Agents.SetPresenceAsync(new() { AgentId = "writer", Presence = Presence.Available });

        string ticketId;
        using (var adapter = node.Channels.StreamConversations())
        {
            await adapter.RequestStream.WriteAsync(new() { Hello = new AdapterHello { AdapterId = "away" } });
            await adapter.RequestStream.WriteAsync(new()
            {
                Inbound = new InboundMessage
                {
                    Channel = Channel.Sms,
                    ConversationId = "+15550123",
                    AdapterMessageId = "sms-1",
                    SenderAddress = "+15550123",
                    Body = "Is my refund on its way?",
                    SentAt = Timestamp.FromDateTime(DateTime.UtcNow),
                },
            });
            ticketId = await AckedTicket(adapter);
            await adapter.RequestStream.CompleteAsync();
        }
        var assigned = Stopwatch.StartNew();
        while ((await node.Agents.GetTicketAsync(new() { TicketId = ticketId })).Ticket.AssigneeAgentId != "writer")
        {
            if (assigned.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new TimeoutException($"Ticket {ticketId} was not assigned to the writer within 30 s.");
            }
            await Task.Delay(20);
        }

        var few = new List<(double Ms, long Bytes)>();
        var many = new List<(double Ms, long Bytes)>();
        for (var n = 1; n <= Replies; n++)
        {
            var bytesBefore = ProcessIo.BytesWritten() ?? 0;
            var start = Stopwatch.GetTimestamp();
            await node.Agents.ReplyAsync(new() { AgentId = "writer", TicketId = ticketId, Body = $"Reply {n}: the refund for order 4471-220 left us today; allow 3-5 working days." });
            var cost = (Stopwatch.GetElapsedTime(start).TotalMilliseconds, (ProcessIo.BytesWritten() ?? 0) - bytesBefore);
            if (n is >= 10 - (Window / 2) and < 10 + (Window / 2))
            {
                few.Add(cost);
            }
            else if (n is >= 3_000 - (Window / 2) and < 3_000 + (Window / 2))
            {
                many.Add(cost);
            }
        }
        await stop.CancelAsync();
        await drain;

        var (fewMs, manyMs) = (Samples.Median(few.Select(c => c.Ms)), Samples.Median(many.Select(c => c.Ms)));
        report.Add(new Finding("outbox time", $"reply with 3,000 waiting stored in {manyMs:0.00} ms", $"with 10 waiting in {fewMs:0.00} ms", manyMs / fewMs, "<= 1.25x", manyMs / fewMs <= 1.25));
        if (ProcessIo.Available)
        {
            var (fewBytes, manyBytes) = (Samples.Median(few.Select(c => (double)c.Bytes)), Samples.Median(many.Select(c => (double)c.Bytes)));
            report.Add(new Finding("outbox bytes", $"reply with 3,000 waiting wrote {manyBytes:N0} bytes", $"with 10 waiting {fewBytes:N0} bytes", manyBytes / fewBytes, "<= 1.25x", manyBytes / fewBytes <= 1.25));
        }
        else
        {
            report.Note("bytes written: /proc/self/io is not available on this system; skipped");
        }
    }

    private static async Task<string> AckedTicket(AsyncDuplexStreamingCall<StreamConversationsRequest, StreamConversationsResponse> call)
    {
        while (await call.ResponseStream.MoveNext(CancellationToken.None))
        {
            if (call.ResponseStream.Current.FrameCase == StreamConversationsResponse.FrameOneofCase.InboundAck)
            {
                return call.ResponseStream.Current.InboundAck.TicketId;
            }
        }
        throw new InvalidOperationException("The adapter stream ended before the ack.");
    }
}
