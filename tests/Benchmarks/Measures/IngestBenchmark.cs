using System.Diagnostics;
using Google.Protobuf.WellKnownTypes;
using Switchboard.Benchmarks.Echo;
using Switchboard.Benchmarks.Hosting;
using Switchboard.Benchmarks.Reporting;
using Switchboard.V1;

namespace Switchboard.Benchmarks.Measures;

/// <summary>
/// Acked (durable) inbound messages per second over adapter streams, against the same streams on a
/// plain gRPC echo service in this process: the transport's ceiling. Each conversation gets 10 messages
/// (<c>--messages-per-conversation</c>), so a tenth of the messages open a ticket.
/// </summary>
public static class IngestBenchmark
{
    private const int WarmUpMessagesPerStream = 200;
    private const string Body = "Hi, my order never arrived and the tracking page shows nothing";

    public static async Task Run(BenchmarkSettings settings, Report report)
    {
        report.Section($"ingest: {settings.Streams} streams x {settings.IngestMessagesPerStream} messages, window {settings.Window}");
        await using var node = await BenchmarkNode.Start();
        await using var echoHost = await EchoHost.Start();
        using var echoChannel = Grpc.Net.Client.GrpcChannel.ForAddress(echoHost.Urls.First());
        var echo = new EchoService.EchoServiceClient(echoChannel);

        await Echo(echo, settings, WarmUpMessagesPerStream, "warm");
        await Switchboard(node, settings, WarmUpMessagesPerStream, "warm");
        var echoRate = await Echo(echo, settings, settings.IngestMessagesPerStream, "timed");
        Console.WriteLine($"  (ingest: timed round, {settings.Streams} streams x {settings.IngestMessagesPerStream} messages)");
        var cpuBefore = ProcessCpu();
        var rate = await Switchboard(node, settings, settings.IngestMessagesPerStream, "timed");
        var cpuPerMessage = (ProcessCpu() - cpuBefore).TotalMilliseconds / (settings.Streams * settings.IngestMessagesPerStream);

        var ratio = rate / echoRate;
        report.Add(new Finding("ingest", $"{rate:N0} acked messages/s (durable, single node)", $"echo stream {echoRate:N0} messages/s", ratio, ">= 0.25x echo", ratio >= 0.25));
        report.Note($"{cpuPerMessage:0.00} ms of process CPU per acked message (node and adapter streams; {settings.MessagesPerConversation} messages per conversation)");
    }

    private static async Task<double> Switchboard(BenchmarkNode node, BenchmarkSettings settings, int perStream, string round)
    {
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, settings.Streams).Select(async stream =>
        {
            using var call = node.Channels.StreamConversations();
            await call.RequestStream.WriteAsync(new() { Hello = new AdapterHello { AdapterId = $"ingest-{round}-{stream}" } });
            var conversations = perStream / settings.MessagesPerConversation;
            await PipelinedStream.Drive(call, perStream, settings.Window,
                i => new StreamConversationsRequest
                {
                    Inbound = new InboundMessage
                    {
                        Channel = Channel.Chat,
                        ConversationId = $"c-{i % conversations}",
                        AdapterMessageId = $"m-{i}",
                        SenderAddress = $"visitor-{round}-{stream}-{i % conversations}",
                        Body = Body,
                        SentAt = Timestamp.FromDateTime(DateTime.UtcNow),
                    },
                },
                response => response.FrameCase switch
                {
                    StreamConversationsResponse.FrameOneofCase.InboundAck => true,
                    StreamConversationsResponse.FrameOneofCase.InboundRejected => throw new InvalidOperationException($"Rejected: {response.InboundRejected.Message}"),
                    _ => false,
                });
        }));
        return settings.Streams * perStream / clock.Elapsed.TotalSeconds;
    }

    private static async Task<double> Echo(EchoService.EchoServiceClient echo, BenchmarkSettings settings, int perStream, string round)
    {
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, settings.Streams).Select(async stream =>
        {
            using var call = echo.StreamEcho();
            var conversations = perStream / settings.MessagesPerConversation;
            await PipelinedStream.Drive(call, perStream, settings.Window,
                i => new StreamEchoRequest { ConversationId = $"c-{i % conversations}", MessageId = $"m-{i}", SenderAddress = $"visitor-{round}-{stream}", Body = Body },
                _ => true);
        }));
        return settings.Streams * perStream / clock.Elapsed.TotalSeconds;
    }

    private static TimeSpan ProcessCpu()
    {
        using var self = System.Diagnostics.Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }
}
