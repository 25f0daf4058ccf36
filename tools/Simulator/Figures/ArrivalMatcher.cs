using System.Diagnostics;

namespace Switchboard.Simulator.Figures;

/// <summary>
/// Pairs a cause with its effect seen on another stream (a reply call with its outbound delivery, a
/// customer's message with the offer it leads to). The cause's key is often known only once its call
/// returns, and by then the effect may have arrived on the other stream; either order gives the time
/// from cause to effect.
/// </summary>
public sealed class ArrivalMatcher(LatencyRecorder recorder)
{
    private readonly Dictionary<string, long> _causes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _effects = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>The cause happened at <paramref name="timestamp"/> (a Stopwatch timestamp); a later cause with the same key replaces it.</summary>
    public void Cause(string key, long timestamp)
    {
        lock (_gate)
        {
            if (_effects.Remove(key, out var effect))
            {
                recorder.Record(Stopwatch.GetElapsedTime(timestamp, effect));
                return;
            }
            _causes[key] = timestamp;
        }
    }

    public void Effect(string key, long timestamp)
    {
        lock (_gate)
        {
            if (_causes.Remove(key, out var cause))
            {
                recorder.Record(Stopwatch.GetElapsedTime(cause, timestamp));
                return;
            }
            _effects[key] = timestamp;
        }
    }

    /// <summary>Drops what is known about <paramref name="key"/>: its cause will have no (more) effects.</summary>
    public void Forget(string key)
    {
        lock (_gate)
        {
            _causes.Remove(key);
            _effects.Remove(key);
        }
    }

    /// <summary>Effects still waiting for their cause (and the reverse); a finished run expects few.</summary>
    public int Unmatched
    {
        get
        {
            lock (_gate)
            {
                return _effects.Count;
            }
        }
    }
}
