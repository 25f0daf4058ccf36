using System.Diagnostics;

namespace Switchboard.Benchmarks.Measures;

/// <summary>
/// Records each garbage collection while it runs (polled every millisecond from a dedicated thread): its generation,
/// whether it ran in the background, its pause, what it promoted and the heap after it. The figures a latency
/// percentile needs to be read against.
/// </summary>
public sealed class GcWatch : IDisposable
{
    private readonly List<GcRecord> _records = [];
    private readonly Thread _thread;
    private readonly long _started = Stopwatch.GetTimestamp();
    private volatile bool _stop;

    public GcWatch()
    {
        _thread = new Thread(Poll) { IsBackground = true, Name = "gc-watch", Priority = ThreadPriority.AboveNormal };
        _thread.Start();
    }

    public IReadOnlyList<GcRecord> Stop()
    {
        _stop = true;
        _thread.Join();
        return _records;
    }

    public void Dispose()
    {
        if (!_stop)
        {
            Stop();
        }
    }

    private void Poll()
    {
        var seen = GC.GetGCMemoryInfo(GCKind.Any).Index;
        var recorded = new HashSet<long>();
        while (!_stop)
        {
            Thread.Sleep(1);
            foreach (var kind in new[] { GCKind.Ephemeral, GCKind.FullBlocking, GCKind.Background })
            {
                var info = GC.GetGCMemoryInfo(kind);
                if (info.Index > seen && recorded.Add(info.Index))
                {
                    _records.Add(new GcRecord(info.Index, Stopwatch.GetElapsedTime(_started), info.Generation, info.Concurrent, info.Compacted,
                        info.PauseDurations.ToArray().Sum(p => p.TotalMilliseconds), info.PromotedBytes, info.HeapSizeBytes,
                        info.GenerationInfo.Length > 0 ? info.GenerationInfo[0].SizeBeforeBytes : 0));
                }
            }
        }
        _records.Sort((a, b) => a.Index.CompareTo(b.Index));
    }

    public readonly record struct GcRecord(long Index, TimeSpan At, int Generation, bool Background, bool Compacted, double PauseMs,
        long PromotedBytes, long HeapBytes, long Gen0BeforeBytes)
    {
        public override string ToString() =>
            $"#{Index} at {At.TotalSeconds:0.00} s: gen{Generation}{(Background ? " background" : "")}{(Compacted ? " compacting" : "")}, "
            + $"paused {PauseMs:0.0} ms, gen0 was {Gen0BeforeBytes / 1048576.0:0} MiB, promoted {PromotedBytes / 1048576.0:0.0} MiB, heap {HeapBytes / 1048576.0:0} MiB";
    }
}
