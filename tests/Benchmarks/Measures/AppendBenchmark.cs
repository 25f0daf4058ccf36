using System.Diagnostics;
using Google.Protobuf.WellKnownTypes;
using Switchboard.Benchmarks.Hosting;
using Switchboard.Benchmarks.Reporting;
using Switchboard.V1;

namespace Switchboard.Benchmarks.Measures;

/// <summary>
/// What one more message costs on a short ticket and on a long one: the ack time and the bytes written
/// (write(2) bytes of this process: SQLite's WAL and checkpoints) around message 10 and message 1,000.
/// Appending must not rewrite the transcript, so both should cost the same.
/// </summary>
public static class AppendBenchmark
{
    private const int Tickets = 3;
    private const int Messages = 1_005;
    private const int Window = 10;

    public static async Task Run(Report report)
    {
        report.Section($"append: {Tickets} tickets x {Messages} messages, one at a time; medians of messages 5-14 vs 995-1004");
        await using var node = await BenchmarkNode.Start();
        var early = new List<(double Ms, long Bytes)>();
        var late = new List<(double Ms, long Bytes)>();
        using var call = node.Channels.StreamConversations();
        await call.RequestStream.WriteAsync(new() { Hello = new AdapterHello { AdapterId = "append" } });
        await NextFrame(call);
        for (var ticket = 0; ticket < Tickets; ticket++)
        {
            for (var n = 1; n <= Messages; n++)
            {
                var bytesBefore = ProcessIo.BytesWritten() ?? 0;
                var start = Stopwatch.GetTimestamp();
                await call.RequestStream.WriteAsync(new()
                {
                    Inbound = new InboundMessage
                    {
                        Channel = Channel.Email,
                        ConversationId = $"thread-{ticket}",
                        AdapterMessageId = $"mail-{ticket}-{n}",
                        SenderAddress = $"customer-{ticket}@example.test",
                        Body = $"Message {n}: still waiting on the refund for order 4471-220, please advise.",
                        SentAt = Timestamp.FromDateTime(DateTime.UtcNow),
                    },
                });
                var frame = await NextFrame(call);
                if (frame.FrameCase != StreamConversationsResponse.FrameOneofCase.InboundAck)
                {
                    throw new InvalidOperationException($"Message {n} was not acked: {frame}");
                }
                var cost = (Stopwatch.GetElapsedTime(start).TotalMilliseconds, (ProcessIo.BytesWritten() ?? 0) - bytesBefore);
                if (n is >= 10 - (Window / 2) and < 10 + (Window / 2))
                {
                    early.Add(cost);
                }
                else if (n is >= 1_000 - (Window / 2) and < 1_000 + (Window / 2))
                {
                    late.Add(cost);
                }
            }
        }
        await call.RequestStream.CompleteAsync();

        var (earlyMs, lateMs) = (Samples.Median(early.Select(c => c.Ms)), Samples.Median(late.Select(c => c.Ms)));
        report.Add(new Finding("append time", $"message 1,000 acked in {lateMs:0.00} ms", $"message 10 in {earlyMs:0.00} ms", lateMs / earlyMs, "<= 1.25x", lateMs / earlyMs <= 1.25));
        if (ProcessIo.Available)
        {
            var (earlyBytes, lateBytes) = (Samples.Median(early.Select(c => (double)c.Bytes)), Samples.Median(late.Select(c => (double)c.Bytes)));
            report.Add(new Finding("append bytes", $"message 1,000 wrote {lateBytes:N0} bytes", $"message 10 wrote {earlyBytes:N0} bytes", lateBytes / earlyBytes, "<= 1.25x", lateBytes / earlyBytes <= 1.25));
        }
        else
        {
            report.Note("bytes written: /proc/self/io is not available on this system; skipped");
        }
    }

    private static async Task<StreamConversationsResponse> NextFrame(Grpc.Core.AsyncDuplexStreamingCall<StreamConversationsRequest, StreamConversationsResponse> call) =>
        await call.ResponseStream.MoveNext(CancellationToken.None)
            ? call.ResponseStream.Current
            : throw new InvalidOperationException("The adapter stream ended.");
}
