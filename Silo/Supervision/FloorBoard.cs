using Switchboard.Contracts.Agents;
using Switchboard.Contracts.Supervision;

namespace Switchboard.Silo.Supervision;

/// <summary>
/// A tenant's floor without Orleans: the latest figures of every queue and agent, what changed since the last
/// publication, agents counted per queue, and an hour of samples for the trend chart.
/// </summary>
public sealed class FloorBoard
{
    public static readonly TimeSpan HistoryLength = TimeSpan.FromHours(1);

    private readonly Dictionary<string, QueueFigures> _queues = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AgentFigures> _agents = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _abandonedToday = new(StringComparer.Ordinal);
    private readonly List<FloorSample> _history = [];
    private readonly HashSet<string> _changedQueues = new(StringComparer.Ordinal);
    private readonly HashSet<string> _changedAgents = new(StringComparer.Ordinal);
    private int _newSamples;

    public long Version { get; private set; }

    public bool HasChanges => _changedQueues.Count > 0 || _changedAgents.Count > 0 || _newSamples > 0;

    public void SetQueue(QueueFigures figures)
    {
        if (_queues.TryGetValue(figures.QueueId, out var known) && known == figures)
        {
            return;
        }
        _queues[figures.QueueId] = figures;
        _changedQueues.Add(figures.QueueId);
    }

    public void SetAgent(AgentFigures figures)
    {
        if (_agents.TryGetValue(figures.AgentId, out var previous))
        {
            // Leaving a queue changes that queue's counts too.
            _changedQueues.UnionWith(previous.QueueIds.Where(_queues.ContainsKey));
        }
        _agents[figures.AgentId] = figures;
        _changedAgents.Add(figures.AgentId);
        _changedQueues.UnionWith(figures.QueueIds.Where(_queues.ContainsKey));
    }

    /// <summary>How many tickets were abandoned in the queue today.</summary>
    public void SetAbandoned(string queueId, int count)
    {
        if (_abandonedToday.GetValueOrDefault(queueId) == count)
        {
            return;
        }
        _abandonedToday[queueId] = count;
        if (_queues.ContainsKey(queueId))
        {
            _changedQueues.Add(queueId);
        }
    }

    /// <summary>Records the tenant's tickets waiting and service level now; keeps the last hour.</summary>
    public void Sample(DateTimeOffset now)
    {
        var level = _queues.Values.Aggregate(ServiceLevel.None, (sum, q) => sum.Plus(q.LastQuarterHour));
        _history.Add(new FloorSample(now, _queues.Values.Sum(q => q.Waiting), level.Percent));
        var drop = _history.FindIndex(s => s.At > now - HistoryLength);
        _history.RemoveRange(0, drop < 0 ? _history.Count : drop);
        _newSamples = Math.Min(_newSamples + 1, _history.Count);
    }

    /// <summary>The trend chart's samples, oldest first.</summary>
    public IReadOnlyList<FloorSample> History => _history;

    /// <summary>Takes back saved samples (after a restart), keeping those of the last hour before <paramref name="now"/>.</summary>
    public void RestoreHistory(IEnumerable<FloorSample> saved, DateTimeOffset now)
    {
        _history.Clear();
        _history.AddRange(saved.Where(s => s.At > now - HistoryLength && s.At <= now).OrderBy(s => s.At));
    }

    /// <summary>What changed since the last publication, as the next version; clears the changes.</summary>
    public FloorUpdate TakeDelta(DateTimeOffset now)
    {
        Version++;
        var update = new FloorUpdate(
            Version,
            IsSnapshot: false,
            now,
            _changedQueues.Order(StringComparer.Ordinal).Select(Floor).ToArray(),
            _changedAgents.Order(StringComparer.Ordinal).Select(id => _agents[id]).ToArray(),
            _history.Skip(_history.Count - _newSamples).ToArray());
        _changedQueues.Clear();
        _changedAgents.Clear();
        _newSamples = 0;
        return update;
    }

    /// <summary>The whole floor at the current version (changes not yet published are in it, and in the next delta too).</summary>
    public FloorUpdate Snapshot(DateTimeOffset now) => new(
        Version,
        IsSnapshot: true,
        now,
        _queues.Keys.Order(StringComparer.Ordinal).Select(Floor).ToArray(),
        _agents.Values.OrderBy(a => a.AgentId, StringComparer.Ordinal).ToArray(),
        _history.ToArray());

    /// <summary>How long to wait before publishing so publications stay at least <paramref name="interval"/> apart.</summary>
    public static TimeSpan DelayBeforePublish(DateTimeOffset? lastPublished, DateTimeOffset now, TimeSpan interval)
    {
        if (lastPublished is not { } last)
        {
            return TimeSpan.Zero;
        }
        var due = last + interval - now;
        return due > TimeSpan.Zero ? due : TimeSpan.Zero;
    }

    private QueueFloor Floor(string queueId) =>
        new(_queues[queueId], CountAgents(queueId)) { AbandonedToday = _abandonedToday.GetValueOrDefault(queueId) };

    private AgentCounts CountAgents(string queueId)
    {
        int available = 0, busy = 0, away = 0, offline = 0;
        foreach (var agent in _agents.Values)
        {
            if (!agent.QueueIds.Contains(queueId, StringComparer.Ordinal))
            {
                continue;
            }
            switch (agent.Presence)
            {
                case Presence.Available when agent.TicketsHeld > 0:
                    busy++;
                    break;
                case Presence.Available:
                    available++;
                    break;
                case Presence.Away:
                    away++;
                    break;
                default:
                    offline++;
                    break;
            }
        }
        return new AgentCounts(available, busy, away, offline);
    }
}
