using Switchboard.Contracts.Supervision;
using Switchboard.Gateway.Hub;

namespace Switchboard.Gateway.Supervision;

/// <summary>
/// One tenant's floor as this gateway process holds it: the latest picture, kept current by applying the
/// supervision grain's deltas, and the mailboxes of the local viewers that each delta is posted to.
/// </summary>
internal sealed class TenantFloor(int viewerBufferLimit)
{
    private readonly Lock _lock = new();
    private readonly HashSet<StreamMailbox<FloorUpdate>> _viewers = [];
    private readonly Dictionary<string, QueueFloor> _queues = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AgentFigures> _agents = new(StringComparer.Ordinal);
    private readonly List<FloorSample> _history = [];
    private long _version = -1;

    /// <summary>Held while the subscription is made or dropped, so viewers joining at once subscribe once.</summary>
    public SemaphoreSlim Membership { get; } = new(1, 1);

    /// <summary>Set while this process is subscribed; cancelled to stop renewing.</summary>
    public CancellationTokenSource? Subscription { get; set; }

    public long Version
    {
        get
        {
            lock (_lock)
            {
                return _version;
            }
        }
    }

    public int ViewerCount
    {
        get
        {
            lock (_lock)
            {
                return _viewers.Count;
            }
        }
    }

    /// <summary>A new viewer's mailbox, holding the whole floor as its first message.</summary>
    public StreamMailbox<FloorUpdate> AddViewer()
    {
        var mailbox = new StreamMailbox<FloorUpdate>(viewerBufferLimit);
        lock (_lock)
        {
            mailbox.Post(SnapshotLocked());
            _viewers.Add(mailbox);
        }
        return mailbox;
    }

    public void RemoveViewer(StreamMailbox<FloorUpdate> mailbox)
    {
        lock (_lock)
        {
            _viewers.Remove(mailbox);
        }
    }

    /// <summary>
    /// Applies a delta and posts it to every viewer. Returns false when versions were skipped (a delta was
    /// lost): the caller fetches the whole floor again.
    /// </summary>
    public bool Apply(FloorUpdate update)
    {
        lock (_lock)
        {
            if (_version < 0 || update.Version <= _version)
            {
                return true;
            }
            if (update.Version != _version + 1)
            {
                return false;
            }
            Merge(update);
            foreach (var viewer in _viewers)
            {
                viewer.Post(update);
            }
            return true;
        }
    }

    /// <summary>Replaces the picture with a snapshot; when viewers may have missed something, posts it to them too.</summary>
    public void Install(FloorUpdate snapshot, bool tellViewers)
    {
        lock (_lock)
        {
            if (snapshot.Version < _version)
            {
                return;
            }
            _queues.Clear();
            _agents.Clear();
            _history.Clear();
            Merge(snapshot);
            if (tellViewers)
            {
                var fresh = SnapshotLocked();
                foreach (var viewer in _viewers)
                {
                    viewer.Post(fresh);
                }
            }
        }
    }

    public void Forget()
    {
        lock (_lock)
        {
            _version = -1;
            _queues.Clear();
            _agents.Clear();
            _history.Clear();
        }
    }

    private void Merge(FloorUpdate update)
    {
        foreach (var queue in update.Queues)
        {
            _queues[queue.Figures.QueueId] = queue;
        }
        foreach (var agent in update.Agents)
        {
            _agents[agent.AgentId] = agent;
        }
        _history.AddRange(update.History);
        var cutoff = update.AsOf - TimeSpan.FromHours(1);
        _history.RemoveAll(s => s.At <= cutoff);
        _version = update.Version;
    }

    private FloorUpdate SnapshotLocked() => new(
        _version,
        IsSnapshot: true,
        DateTimeOffset.UtcNow,
        _queues.Values.OrderBy(q => q.Figures.QueueId, StringComparer.Ordinal).ToArray(),
        _agents.Values.OrderBy(a => a.AgentId, StringComparer.Ordinal).ToArray(),
        _history.ToArray());
}
