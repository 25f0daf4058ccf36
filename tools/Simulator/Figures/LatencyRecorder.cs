using System.Diagnostics;

namespace Switchboard.Simulator.Figures;

/// <summary>
/// Latency samples for percentiles. Keeps at most <see cref="Capacity"/> of them (a uniform reservoir),
/// so an endless demo run holds bounded memory and percentiles stay representative.
/// </summary>
public sealed class LatencyRecorder
{
    public const int Capacity = 100_000;

    private readonly List<double> _milliseconds = [];
    private readonly Random _reservoir = new(17);
    private readonly Lock _gate = new();
    private long _count;
    private double _sum;

    public long Count
    {
        get
        {
            lock (_gate)
            {
                return _count;
            }
        }
    }

    public void RecordSince(long startTimestamp) => Record(Stopwatch.GetElapsedTime(startTimestamp));

    public void Record(TimeSpan latency)
    {
        var ms = Math.Max(0, latency.TotalMilliseconds);
        lock (_gate)
        {
            _count++;
            _sum += ms;
            if (_milliseconds.Count < Capacity)
            {
                _milliseconds.Add(ms);
                return;
            }
            var slot = _reservoir.NextInt64(_count);
            if (slot < Capacity)
            {
                _milliseconds[(int)slot] = ms;
            }
        }
    }

    /// <summary>The mean and the 50th and 99th percentiles in milliseconds; null when nothing was recorded.</summary>
    public LatencyFigures? Figures()
    {
        double[] sorted;
        long count;
        double mean;
        lock (_gate)
        {
            if (_count == 0)
            {
                return null;
            }
            sorted = [.. _milliseconds];
            count = _count;
            mean = _sum / _count;
        }
        Array.Sort(sorted);
        return new LatencyFigures(count, mean, Percentile(sorted, 0.50), Percentile(sorted, 0.99));
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}

public sealed record LatencyFigures(long Count, double MeanMs, double P50Ms, double P99Ms);
