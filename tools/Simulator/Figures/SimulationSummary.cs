using System.Globalization;
using System.Text;

namespace Switchboard.Simulator.Figures;

/// <summary>What a run amounted to: the figures a contact-center manager reads, and the engine's latencies.</summary>
public sealed record SimulationSummary(
    TimeSpan Elapsed,
    long Conversations,
    long Answered,
    long Abandoned,
    long Solved,
    long InboundSent,
    long InboundAcked,
    long InboundRejected,
    long Replies,
    long OutboundDelivered,
    long Offers,
    long OffersLost,
    long Errors,
    string? LastError,
    double? ServiceLevel,
    TimeSpan ServiceLevelTarget,
    TimeSpan? AverageSpeedOfAnswer,
    double? Occupancy,
    LatencyFigures? InboundAck,
    LatencyFigures? OfferDelivery,
    LatencyFigures? OutboundDelivery)
{
    /// <summary>Abandoned as a share of the conversations that were answered or abandoned.</summary>
    public double? AbandonmentRate => Answered + Abandoned == 0 ? null : (double)Abandoned / (Answered + Abandoned);

    public static SimulationSummary From(SimulationFigures figures, TimeSpan elapsed, TimeSpan serviceLevelTarget, double? occupancy)
    {
        var settled = figures.Answered + figures.Abandoned;
        var speed = figures.SpeedOfAnswer.Figures();
        return new SimulationSummary(
            elapsed, figures.Conversations, figures.Answered, figures.Abandoned, figures.Solved, figures.InboundSent, figures.InboundAcked,
            figures.InboundRejected, figures.Replies, figures.OutboundDelivered, figures.Offers, figures.OffersLost, figures.Errors, figures.LastError,
            settled == 0 ? null : (double)figures.AnsweredOnTime / settled,
            serviceLevelTarget,
            speed is null ? null : TimeSpan.FromMilliseconds(speed.MeanMs),
            occupancy,
            figures.InboundAck.Figures(), figures.OfferDelivery.Figures(), figures.OutboundDelivery.Figures());
    }

    /// <summary>The summary as a plain-text table.</summary>
    public string ToTable()
    {
        var rows = new List<(string, string)>
        {
            ("run time", $"{Elapsed.TotalSeconds:0.0} s"),
            ("conversations", $"{Conversations} ({Answered} answered, {Abandoned} abandoned, {Solved} tickets solved)"),
            ("messages in", $"{InboundSent} sent, {InboundAcked} acked, {InboundRejected} rejected"),
            ("messages out", $"{Replies} replies, {OutboundDelivered} delivered to adapters"),
            ("offers", $"{Offers} on desks, {OffersLost} gone before accept"),
            ($"service level ({ServiceLevelTarget.TotalSeconds:0} s)", Percent(ServiceLevel)),
            ("average speed of answer", AverageSpeedOfAnswer is { } asa ? $"{asa.TotalSeconds:0.00} s" : "-"),
            ("occupancy", Percent(Occupancy)),
            ("abandonment", Percent(AbandonmentRate)),
            ("errors", LastError is null || Errors == 0 ? Errors.ToString(CultureInfo.InvariantCulture) : $"{Errors} (last: {LastError})"),
        };
        var text = new StringBuilder();
        var width = rows.Max(r => r.Item1.Length);
        foreach (var (name, value) in rows)
        {
            text.Append(CultureInfo.InvariantCulture, $"  {name.PadRight(width)}  {value}\n");
        }
        text.Append('\n').Append(CultureInfo.InvariantCulture, $"  {"latency",-42}{"count",8}{"p50",10}{"p99",10}\n");
        foreach (var (name, figures) in new[]
        {
            ("inbound ack (send -> ack)", InboundAck),
            ("offer delivery (inbound -> offer on desk)", OfferDelivery),
            ("outbound delivery (reply -> adapter)", OutboundDelivery),
        })
        {
            text.Append(figures is null
                ? string.Create(CultureInfo.InvariantCulture, $"  {name,-42}{0,8}{"-",10}{"-",10}\n")
                : string.Create(CultureInfo.InvariantCulture, $"  {name,-42}{figures.Count,8}{Ms(figures.P50Ms),10}{Ms(figures.P99Ms),10}\n"));
        }
        return text.ToString();
    }

    private static string Percent(double? share) => share is { } s ? $"{s * 100:0.0} %" : "-";

    private static string Ms(double ms) => ms < 10 ? $"{ms:0.0} ms" : $"{ms:0} ms";
}
