using System.Diagnostics;

namespace Switchboard.Simulator.Agents;

/// <summary>
/// How much of an agent's shift went on customer work: time with at least one ticket open, over time
/// logged in and available. (For a multi-chat agent, two chats at once count once.)
/// </summary>
public sealed class OccupancyClock
{
    private readonly Lock _gate = new();
    private long _staffedSince;
    private long _busySince;
    private int _openTickets;
    private TimeSpan _staffed;
    private TimeSpan _busy;

    public void Staffed()
    {
        lock (_gate)
        {
            _staffedSince = Stopwatch.GetTimestamp();
        }
    }

    public void OffShift()
    {
        lock (_gate)
        {
            if (_staffedSince != 0)
            {
                _staffed += Stopwatch.GetElapsedTime(_staffedSince);
                _staffedSince = 0;
            }
        }
    }

    /// <summary>True when the agent went from idle to busy.</summary>
    public bool TicketTaken()
    {
        lock (_gate)
        {
            if (_openTickets++ == 0)
            {
                _busySince = Stopwatch.GetTimestamp();
                return true;
            }
            return false;
        }
    }

    /// <summary>True when the agent went from busy to idle.</summary>
    public bool TicketReleased()
    {
        lock (_gate)
        {
            if (--_openTickets == 0)
            {
                _busy += Stopwatch.GetElapsedTime(_busySince);
                return true;
            }
            return false;
        }
    }

    /// <summary>Busy and staffed time so far, counting the stretch in progress.</summary>
    public (TimeSpan Busy, TimeSpan Staffed) Read()
    {
        lock (_gate)
        {
            var busy = _openTickets > 0 ? _busy + Stopwatch.GetElapsedTime(_busySince) : _busy;
            var staffed = _staffedSince != 0 ? _staffed + Stopwatch.GetElapsedTime(_staffedSince) : _staffed;
            return (busy, staffed);
        }
    }
}
