using System.Collections.ObjectModel;
using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Trace;
using Switchboard.EndToEnd.Harness;

namespace Switchboard.EndToEnd;

/// <summary>Spans as an OpenTelemetry exporter receives them, collected in this process by the in-memory exporter.</summary>
public sealed class TracingTests
{
    [Fact]
    public async Task One_inbound_message_is_one_trace_through_the_gateway_a_grain_and_storage()
    {
        var spans = new SpanLog();
        using var tracing = Sdk.CreateTracerProviderBuilder()
            .AddSource("Switchboard", "Microsoft.Orleans.Application")
            .AddInMemoryExporter(spans)
            .Build();
        // As an operator turns spans on without an OTLP collector; the node then records its requests' spans too, so
        // the spans below have a recorded parent (a child of an unrecorded request is dropped by the default sampler).
        await using var node = await SwitchboardNode.Start(null, "--Switchboard:Telemetry:Tracing=true");
        var conversationId = $"trace-{Guid.NewGuid():N}";

        await node.Channels.SubmitInboundAsync(new() { AdapterId = "webchat", Message = AdapterSession.Message(conversationId, "m-1", "Where is my parcel?") });

        Activity? inbound = null;
        await Eventually.Until(() =>
        {
            inbound = spans.Snapshot().FirstOrDefault(s => s.DisplayName == "inbound receive" && (s.GetTagItem("switchboard.conversation_id") as string) == conversationId);
            return Task.FromResult(inbound is not null);
        }, TimeSpan.FromSeconds(10), "the gateway's inbound span is exported");
        var trace = spans.Snapshot().Where(s => s.TraceId == inbound!.TraceId).ToList();

        var append = Assert.Single(trace, s => s.Source.Name == "Switchboard" && s.DisplayName == "ticket_log append");
        var path = PathToRoot(append, trace);
        Assert.Contains(path, s => s.Source.Name == "Microsoft.Orleans.Application" && s.DisplayName == "ITicketGrain/ReceiveAll");
        Assert.Contains(inbound, path);
    }

    /// <summary>A span, its parent, the parent's parent… as far as this trace's exported spans go.</summary>
    private static List<Activity> PathToRoot(Activity span, IReadOnlyList<Activity> trace)
    {
        var bySpanId = trace.ToDictionary(s => s.SpanId);
        var path = new List<Activity> { span };
        while (bySpanId.TryGetValue(path[^1].ParentSpanId, out var parent))
        {
            path.Add(parent);
        }
        return path;
    }

    /// <summary>The exporter writes from whichever thread ends a span; every test's nodes in this process end spans.</summary>
    private sealed class SpanLog : Collection<Activity>
    {
        private readonly Lock _lock = new();

        public IReadOnlyList<Activity> Snapshot()
        {
            lock (_lock)
            {
                return [.. this];
            }
        }

        protected override void InsertItem(int index, Activity item)
        {
            lock (_lock)
            {
                base.InsertItem(index, item);
            }
        }
    }
}
