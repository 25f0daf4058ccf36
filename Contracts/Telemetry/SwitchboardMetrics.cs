using System.Collections.Frozen;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Switchboard.Contracts.Agents;
using Switchboard.Contracts.Routing;
using Switchboard.Contracts.Tickets;

namespace Switchboard.Contracts.Telemetry;

/// <summary>
/// What Switchboard counts and times, on the "Switchboard" meter; names and units follow OpenTelemetry's
/// conventions (Prometheus shows <c>switchboard.messages.inbound</c> as <c>switchboard_messages_inbound_total</c>).
/// </summary>
public static class SwitchboardMetrics
{
    public const string MeterName = "Switchboard";

    private static readonly Meter Meter = new(MeterName);

    // Latencies from a millisecond to ten seconds: an ack or an append slower than that is an outage, not a bucket.
    private static readonly InstrumentAdvice<double> SecondsBuckets = new()
    {
        HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 10],
    };

    // A ticket's wait for an agent: from a few milliseconds (agents free) to an hour (a backlog).
    private static readonly InstrumentAdvice<double> WaitBuckets = new()
    {
        HistogramBucketBoundaries = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600],
    };

    private static readonly InstrumentAdvice<int> CommitBuckets = new() { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64, 128, 256] };

    private static readonly InstrumentAdvice<int> BatchBuckets = new() { HistogramBucketBoundaries = [1, 2, 3, 4, 5, 8, 16, 32] };

    private static readonly Counter<long> InboundMessages =
        Meter.CreateCounter<long>("switchboard.messages.inbound", "{message}", "Customer messages acknowledged to channel adapters.");

    private static readonly Counter<long> OutboundMessages =
        Meter.CreateCounter<long>("switchboard.messages.outbound", "{message}", "Replies queued for delivery to channel adapters.");

    private static readonly Histogram<double> InboundAckDuration =
        Meter.CreateHistogram("switchboard.inbound.ack.duration", "s", "Time from receiving a customer message to acknowledging it durable.", advice: SecondsBuckets);

    private static readonly Counter<long> TicketsOpened = Meter.CreateCounter<long>("switchboard.tickets.opened", "{ticket}", "Tickets opened by a customer message.");

    private static readonly Counter<long> TicketsSolved = Meter.CreateCounter<long>("switchboard.tickets.solved", "{ticket}", "Tickets solved by an agent.");

    private static readonly Counter<long> RoutingOffers =
        Meter.CreateCounter<long>("switchboard.routing.offers", "{offer}", "Offers to agents by outcome: offered, then accepted, declined, timed_out, refused or gone.");

    private static readonly Histogram<double> StorageAppendDuration =
        Meter.CreateHistogram("switchboard.storage.append.duration", "s", "Time to append events to a ticket's log.", advice: SecondsBuckets);

    private static readonly Histogram<int> StorageAppendEvents =
        Meter.CreateHistogram("switchboard.storage.append.events", "{event}", "Events written by one ticket log append.", advice: BatchBuckets);

    private static readonly Histogram<double> StorageCommitDuration =
        Meter.CreateHistogram("switchboard.storage.commit.duration", "s", "Time of one group commit of the embedded store, sync to disk included.", advice: SecondsBuckets);

    private static readonly Histogram<int> StorageCommitWrites =
        Meter.CreateHistogram("switchboard.storage.commit.writes", "{write}", "Writes made durable by one group commit of the embedded store.", advice: CommitBuckets);

    private static readonly Histogram<double> RoutingOfferLatency =
        Meter.CreateHistogram("switchboard.routing.offer.latency", "s", "Time from a ticket joining its queue's line to an offer to an agent.", advice: WaitBuckets);

    private static readonly UpDownCounter<long> Agents =
        Meter.CreateUpDownCounter<long>("switchboard.agents", "{agent}", "Agents active on this silo, by presence.");

    private static readonly Counter<long> RpcCalls =
        Meter.CreateCounter<long>("switchboard.rpc.server.calls", "{call}", "gRPC calls answered, by method and final status (OK or the error).");

    private static readonly Histogram<double> RpcDuration =
        Meter.CreateHistogram("switchboard.rpc.server.duration", "s", "Time from a gRPC call's start to its final status (streams: their whole life).", advice: WaitBuckets);

    private static readonly Counter<long> SlaBreaches = Meter.CreateCounter<long>("switchboard.sla.breaches", "{breach}", "SLA targets missed, by metric.");

    private static readonly Counter<long> SlaWarnings = Meter.CreateCounter<long>("switchboard.sla.warnings", "{warning}", "SLA targets about to be missed, by metric.");

    public static void InboundAcked(ChannelKind channel, TimeSpan took)
    {
        var tag = ChannelTag(channel);
        InboundMessages.Add(1, tag);
        InboundAckDuration.Record(took.TotalSeconds, tag);
    }

    public static void OutboundQueued(ChannelKind channel) => OutboundMessages.Add(1, ChannelTag(channel));

    public static void TicketOpened(ChannelKind channel) => TicketsOpened.Add(1, ChannelTag(channel));

    public static void TicketSolved(ChannelKind channel) => TicketsSolved.Add(1, ChannelTag(channel));

    public static void OfferMade() => RoutingOffers.Add(1, new KeyValuePair<string, object?>("outcome", "offered"));

    public static void OfferSettled(OfferOutcome outcome) => RoutingOffers.Add(1, new KeyValuePair<string, object?>("outcome", OutcomeName(outcome)));

    public static void StorageAppended(int events, TimeSpan took)
    {
        StorageAppendDuration.Record(took.TotalSeconds);
        StorageAppendEvents.Record(events);
    }

    public static void StorageCommitted(int writes, TimeSpan took)
    {
        StorageCommitDuration.Record(took.TotalSeconds);
        StorageCommitWrites.Record(writes);
    }

    public static void OfferRouted(TimeSpan waited) => RoutingOfferLatency.Record(Math.Max(0, waited.TotalSeconds));

    /// <summary>An agent activation came (from null), went (to null) or changed presence; the gauge moves with it.</summary>
    public static void AgentPresenceMoved(Presence? from, Presence? to)
    {
        if (from == to)
        {
            return;
        }
        if (from is not null)
        {
            Agents.Add(-1, new KeyValuePair<string, object?>("presence", Label<Presence>.Of(from.Value)));
        }
        if (to is not null)
        {
            Agents.Add(1, new KeyValuePair<string, object?>("presence", Label<Presence>.Of(to.Value)));
        }
    }

    /// <param name="method">"switchboard.v1.AgentService/Reply": a registered method, so the label set stays small.</param>
    public static void RpcServed(string method, string status, TimeSpan took)
    {
        var tags = new TagList { { "rpc.method", method }, { "rpc.grpc.status_code", status } };
        RpcCalls.Add(1, tags);
        RpcDuration.Record(took.TotalSeconds, tags);
    }

    public static void SlaAlarmed(SlaMetric metric, bool breach) =>
        (breach ? SlaBreaches : SlaWarnings).Add(1, new KeyValuePair<string, object?>("metric", Label<SlaMetric>.Of(metric)));

    private static KeyValuePair<string, object?> ChannelTag(ChannelKind channel) => new("channel", Label<ChannelKind>.Of(channel));

    private static string OutcomeName(OfferOutcome outcome) => outcome switch
    {
        OfferOutcome.TimedOut => "timed_out",
        _ => Label<OfferOutcome>.Of(outcome),
    };

    /// <summary>
    /// An enum value's label (snake_case), made once per value: every inbound message is counted with its channel's,
    /// and making it anew each time took an iterator, a string per character and their concatenation.
    /// </summary>
    private static class Label<T> where T : struct, Enum
    {
        private static readonly FrozenDictionary<T, string> Names = Enum.GetValues<T>().ToFrozenDictionary(v => v, v => SnakeCase(v.ToString()));

        public static string Of(T value) => Names.TryGetValue(value, out var name) ? name : SnakeCase(value.ToString());
    }

    private static string SnakeCase(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) && i > 0 ? $"_{char.ToLowerInvariant(c)}" : char.ToLowerInvariant(c).ToString()));
}
