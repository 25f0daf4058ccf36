using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Google.Protobuf.WellKnownTypes;
using Switchboard.Benchmarks.Hosting;
using Switchboard.Benchmarks.Reporting;
using Switchboard.Testing;
using Switchboard.V1;

namespace Switchboard.Benchmarks.Measures;

/// <summary>
/// Durable ingest in cluster mode (adapter stream -> gateway process -> silo process -> ticket log in PostgreSQL
/// -> ack), against <c>pgbench</c> doing one single-row INSERT per transaction with as many clients as there are
/// streams, for as long, on the same loopback server in the same run. Needs PostgreSQL's binaries (the
/// postgresql package); the server itself is started and removed by the measure.
/// </summary>
public static partial class PostgresIngestBenchmark
{
    // About 200 bytes, the size of a stored message_received event's JSON payload.
    private const string Body = "Hi, my order never arrived and the tracking page shows nothing. I ordered it two weeks ago, paid for express shipping, and nobody answers the phone. Could someone tell me where it is?";

    public static async Task Run(BenchmarkSettings settings, Report report)
    {
        var duration = settings.PostgresIngestDuration;
        var rounds = settings.PostgresIngestRounds;
        report.Section($"pgingest: {settings.Streams} streams vs pgbench -c {settings.Streams}, {rounds} round(s) of {duration.TotalSeconds:0} s each, alternated with pgbench before and after (Switchboard after {settings.PostgresIngestWarmUp.TotalSeconds:0} s untimed), window {settings.Window}");
        var bin = LocalPostgres.BinDirectory()
            ?? throw new InvalidOperationException("pgingest needs PostgreSQL's binaries (pgbench) under /usr/lib/postgresql/*/bin: run deploy/postgres-local.sh install as root");
        report.Note($"load average before: {LoadAverage()}");
        await using var postgres = await LocalPostgres.Start(Path.Combine(Path.GetTempPath(), "switchboard-benchmarks"));
        var rates = new List<double>();
        var pgbenchRates = new List<double>();
        var connectionString = postgres.ConnectionString;
        if (settings.PostgresConnectionSettings.Length > 0)
        {
            report.Note($"silo and gateway connection string adds: {settings.PostgresConnectionSettings}");
            connectionString += $";{settings.PostgresConnectionSettings.TrimStart(';')}";
        }
        await using (var cluster = await ClusterNode.Start(connectionString))
        {
            await Switchboard(cluster, settings, settings.PostgresIngestWarmUp, "warm");
            // The silo and gateway stay up, idle, while pgbench runs; what they use meanwhile is reported.
            pgbenchRates.Add(await TimedPgBench(cluster, postgres, bin, settings, report));
            for (var round = 1; round <= rounds; round++)
            {
                var cpuBefore = cluster.CpuSeconds();
                var rate = await Switchboard(cluster, settings, duration, $"timed-{round}");
                var cpu = cluster.CpuSeconds() - cpuBefore;
                rates.Add(rate);
                report.Note($"Switchboard round {round}: {rate:N0} acked messages/s; silo + gateway used {cpu:0.0} CPU s in {duration.TotalSeconds:0} s ({1000 * cpu / (rate * duration.TotalSeconds):0.000} ms per message)");
                pgbenchRates.Add(await TimedPgBench(cluster, postgres, bin, settings, report));
                report.Note($"round {round}: {rate / ((pgbenchRates[^2] + pgbenchRates[^1]) / 2):0.00}x the pgbench rounds either side");
            }
        }
        report.Note($"load average after: {LoadAverage()}");
        var (meanRate, meanPgbench) = (rates.Average(), pgbenchRates.Average());
        var ratio = meanRate / meanPgbench;
        report.Add(new Finding("pgingest", $"{meanRate:N0} acked messages/s, mean of {rounds} (durable, PostgreSQL, silo + gateway processes, {settings.Streams} streams)",
            $"pgbench {meanPgbench:N0} single-row INSERTs/s, mean of {rounds + 1} ({settings.Streams} clients)", ratio, ">= 1.0x pgbench", ratio >= 1.0));
    }

    private static async Task<double> TimedPgBench(ClusterNode cluster, LocalPostgres postgres, string bin, BenchmarkSettings settings, Report report)
    {
        var idleBefore = cluster.CpuSeconds();
        var rate = await PgBench(postgres, bin, settings.Streams, settings.PostgresIngestDuration);
        report.Note($"pgbench: {rate:N0} single-row INSERTs/s (the idle silo + gateway used {cluster.CpuSeconds() - idleBefore:0.0} CPU s meanwhile)");
        return rate;
    }

    /// <summary>Acks received within <paramref name="duration"/> per second; the streams stop sending at the deadline and drain.</summary>
    private static async Task<double> Switchboard(ClusterNode cluster, BenchmarkSettings settings, TimeSpan duration, string round)
    {
        var clock = Stopwatch.StartNew();
        var counts = await Task.WhenAll(Enumerable.Range(0, settings.Streams).Select(async stream =>
        {
            using var call = cluster.Channels.StreamConversations();
            await call.RequestStream.WriteAsync(new() { Hello = new AdapterHello { AdapterId = $"pgingest-{round}-{stream}" } });
            using var inFlight = new SemaphoreSlim(settings.Window);
            var sent = 0;
            var sending = true;
            var reader = Task.Run(async () =>
            {
                var (acked, inTime) = (0, 0);
                try
                {
                    while ((Volatile.Read(ref sending) || acked < Volatile.Read(ref sent)) && await call.ResponseStream.MoveNext(CancellationToken.None))
                    {
                        var response = call.ResponseStream.Current;
                        if (response.FrameCase == StreamConversationsResponse.FrameOneofCase.InboundRejected)
                        {
                            throw new InvalidOperationException($"Rejected: {response.InboundRejected.Message}");
                        }
                        if (response.FrameCase == StreamConversationsResponse.FrameOneofCase.InboundAck)
                        {
                            acked++;
                            if (clock.Elapsed <= duration)
                            {
                                inTime++;
                            }
                            inFlight.Release();
                        }
                    }
                }
                catch (Grpc.Core.RpcException) when (!Volatile.Read(ref sending))
                {
                    // The call ended after the deadline; acks still owed then no longer count.
                }
                return inTime;
            });
            for (var i = 0; ; i++)
            {
                // A rejection or a broken call ends the reader: fail the measure instead of waiting for acks forever.
                var slot = inFlight.WaitAsync();
                if (await Task.WhenAny(slot, reader) == reader)
                {
                    await reader;
                    throw new InvalidOperationException($"Stream {stream} ended before the deadline.");
                }
                if (clock.Elapsed > duration)
                {
                    break;
                }
                await call.RequestStream.WriteAsync(new StreamConversationsRequest
                {
                    Inbound = new InboundMessage
                    {
                        Channel = Channel.Chat,
                        ConversationId = $"pg-{round}-{stream}-{i / settings.MessagesPerConversation}",
                        AdapterMessageId = $"m-{i}",
                        SenderAddress = $"visitor-{round}-{stream}-{i / settings.MessagesPerConversation}",
                        Body = Body,
                        SentAt = Timestamp.FromDateTime(DateTime.UtcNow),
                    },
                });
                Interlocked.Increment(ref sent);
            }
            Volatile.Write(ref sending, false);
            // Nothing more is sent: the server ends the call once it has read the end of the request stream,
            // which also wakes a reader that had every sent frame acked already.
            await call.RequestStream.CompleteAsync();
            return await reader;
        }));
        return counts.Sum() / duration.TotalSeconds;
    }

    /// <summary>pgbench with one INSERT of a ticket-event-shaped row (about 200 bytes of text) per transaction; returns its tps.</summary>
    private static async Task<double> PgBench(LocalPostgres postgres, string bin, int clients, TimeSpan duration)
    {
        await postgres.Sql("""
            DROP TABLE IF EXISTS pgbench_ingest;
            DROP SEQUENCE IF EXISTS pgbench_ingest_sequence;
            CREATE SEQUENCE pgbench_ingest_sequence;
            CREATE TABLE pgbench_ingest (
                tenant      text NOT NULL,
                ticket_id   text NOT NULL,
                sequence    bigint NOT NULL,
                kind        text NOT NULL,
                occurred_at timestamptz NOT NULL,
                payload     text NOT NULL,
                PRIMARY KEY (tenant, ticket_id, sequence));
            """);
        var script = Path.Combine(Path.GetTempPath(), "switchboard-benchmarks", $"pgbench-{Guid.NewGuid():N}.sql");
        var payload = $$"""{"$kind":"message_received","body":"{{Body}}"}""";
        await File.WriteAllTextAsync(script,
            $"INSERT INTO pgbench_ingest VALUES ('demo', 'ticket-' || :client_id, nextval('pgbench_ingest_sequence'), 'message_received', now(), '{payload}');\n");
        try
        {
            var output = await ExternalCommand.Run(Path.GetTempPath(), Path.Combine(bin, "pgbench"),
                ["-n", "-c", $"{clients}", "-j", $"{Math.Min(clients, Environment.ProcessorCount)}", "-T", $"{(int)duration.TotalSeconds}", "-f", script,
                "-h", "127.0.0.1", "-p", $"{postgres.Port}", "-U", "postgres", "switchboard"],
                duration + TimeSpan.FromMinutes(2));
            var tps = TpsLine().Match(output);
            return tps.Success
                ? double.Parse(tps.Groups[1].Value, CultureInfo.InvariantCulture)
                : throw new InvalidOperationException($"No tps figure in pgbench's output: {output}");
        }
        finally
        {
            File.Delete(script);
        }
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    [GeneratedRegex(@"tps = ([0-9.]+) \(without initial connection time\)")]
    private static partial Regex TpsLine();
}
