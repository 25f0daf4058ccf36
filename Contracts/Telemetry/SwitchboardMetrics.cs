using System.Diagnostics.Metrics;
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

    public static void SlaAlarmed(SlaMetric metric, bool breach) =>
        (breach ? SlaBreaches : SlaWarnings).Add(1, new KeyValuePair<string, object?>("metric", SnakeCase(metric.ToString())));

    private static KeyValuePair<string, object?> ChannelTag(ChannelKind channel) => new("channel", SnakeCase(channel.ToString()));

    private static string OutcomeName(OfferOutcome outcome) => outcome switch
    {
        OfferOutcome.TimedOut => "timed_out",
        _ => SnakeCase(outcome.ToString()),
    };

    private static string SnakeCase(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) && i > 0 ? $"_{char.ToLowerInvariant(c)}" : char.ToLowerInvariant(c).ToString()));
}
