using Switchboard.Contracts.Tickets;
using Switchboard.Silo.Tickets.Events;

namespace Switchboard.Silo.Tickets.Sla;

/// <summary>
/// A ticket's SLA clocks as a fold of its log, without Orleans or a clock of its own: every answer is for an
/// explicit instant. Time is measured from the log whether or not a policy applies; the policy (also on the
/// log) gives the targets. Clocks run while the ticket is New or Open and pause while it is Pending or On-hold.
/// First reply and resolution start when the ticket opens; next reply starts with a customer message once an
/// agent has replied. A public reply fulfils the reply clocks; a solve stops them all; a reopen resumes resolution.
/// </summary>
public sealed class SlaClock
{
    private readonly Dictionary<SlaMetric, Measure> _measures = new()
    {
        [SlaMetric.FirstReply] = new(),
        [SlaMetric.NextReply] = new(),
        [SlaMetric.Resolution] = new(),
    };

    private bool _paused;

    public SlaPolicyApplied? Policy { get; private set; }

    /// <summary>Takes in one log event, given the ticket's status after it.</summary>
    public void Observe(TicketEvent ticketEvent, TicketStatus statusAfter)
    {
        var at = ticketEvent.At;
        switch (ticketEvent)
        {
            case TicketOpened:
                _measures[SlaMetric.FirstReply].Start(at, _paused);
                _measures[SlaMetric.Resolution].Start(at, _paused);
                break;
            case CustomerMessageReceived when _measures[SlaMetric.FirstReply].FulfilledAt is not null && !_measures[SlaMetric.NextReply].Active:
                _measures[SlaMetric.NextReply].Start(at, _paused);
                break;
            case AgentReplied:
            case MacroApplied { Reply: not null }:
                _measures[SlaMetric.FirstReply].Stop(at);
                _measures[SlaMetric.NextReply].Stop(at);
                break;
            case TicketReopened:
                _measures[SlaMetric.Resolution].Continue(at);
                break;
            case SlaPolicyApplied policy:
                Policy = policy.PolicyId is null ? null : policy;
                break;
            case SlaWarned warned:
                _measures[warned.Metric].Warned = true;
                break;
            case SlaBreached breached:
                _measures[breached.Metric].Breached = true;
                break;
        }
        Follow(statusAfter, at);
    }

    /// <summary>Each target of the policy as it stands at <paramref name="now"/>.</summary>
    public IReadOnlyList<SlaTargetView> Evaluate(DateTimeOffset now) =>
        Targets().Select(t =>
        {
            var measure = _measures[t.Metric];
            var elapsed = measure.ElapsedAt(now);
            return new SlaTargetView(t.Metric, t.Target, measure.DueAt(t.Target), measure.Active && measure.RunningSince is null,
                elapsed, measure.FulfilledAt, measure.Breached || elapsed > t.Target || (measure.Active && elapsed == t.Target));
        }).ToArray();

    /// <summary>Warnings and breaches that are due at <paramref name="now"/> and not yet on the log.</summary>
    public IReadOnlyList<SlaAlarm> Due(DateTimeOffset now)
    {
        var alarms = new List<SlaAlarm>();
        foreach (var (metric, target) in Targets())
        {
            var measure = _measures[metric];
            if (measure.DueAt(target) is not { } dueAt)
            {
                continue;
            }
            if (!measure.Breached && now >= dueAt)
            {
                alarms.Add(new SlaAlarm(metric, dueAt, Breach: true));
            }
            else if (!measure.Warned && !measure.Breached && Policy!.WarnBefore > TimeSpan.Zero && now >= dueAt - Policy.WarnBefore)
            {
                alarms.Add(new SlaAlarm(metric, dueAt, Breach: false));
            }
        }
        return alarms;
    }

    /// <summary>The next instant a warning or breach falls due, if the clocks keep running; null when none will.</summary>
    public DateTimeOffset? NextAlarm()
    {
        DateTimeOffset? next = null;
        foreach (var (metric, target) in Targets())
        {
            var measure = _measures[metric];
            if (measure.DueAt(target) is not { } dueAt || measure.Breached)
            {
                continue;
            }
            var at = !measure.Warned && Policy!.WarnBefore > TimeSpan.Zero ? dueAt - Policy.WarnBefore : dueAt;
            next = next is null || at < next ? at : next;
        }
        return next;
    }

    /// <summary>Whether <paramref name="policy"/> is the one already on the log (same id and targets).</summary>
    public bool Holds(SlaPolicy? policy) =>
        policy is null
            ? Policy is null
            : Policy is { } current && current.PolicyId == policy.PolicyId && current.FirstReply == policy.FirstReply
                && current.NextReply == policy.NextReply && current.Resolution == policy.Resolution
                && current.WarnBefore == policy.WarnBefore && current.BreachPriority == policy.BreachPriority;

    private IEnumerable<(SlaMetric Metric, TimeSpan Target)> Targets()
    {
        if (Policy is not { } policy)
        {
            yield break;
        }
        if (policy.FirstReply is { } firstReply)
        {
            yield return (SlaMetric.FirstReply, firstReply);
        }
        if (policy.NextReply is { } nextReply)
        {
            yield return (SlaMetric.NextReply, nextReply);
        }
        if (policy.Resolution is { } resolution)
        {
            yield return (SlaMetric.Resolution, resolution);
        }
    }

    /// <summary>Pauses or resumes the clocks with the status; a solve or close stops them.</summary>
    private void Follow(TicketStatus status, DateTimeOffset at)
    {
        if (status is TicketStatus.Solved or TicketStatus.Closed)
        {
            foreach (var measure in _measures.Values)
            {
                measure.Stop(at);
            }
        }
        var paused = TicketWorkflow.IsPaused(status);
        if (paused == _paused)
        {
            return;
        }
        _paused = paused;
        foreach (var measure in _measures.Values)
        {
            if (paused)
            {
                measure.Pause(at);
            }
            else
            {
                measure.Resume(at);
            }
        }
    }

    /// <summary>One metric's current cycle: time counted while running, and whether its alarms are on the log.</summary>
    private sealed class Measure
    {
        private TimeSpan _elapsed;

        public bool Active { get; private set; }

        public DateTimeOffset? RunningSince { get; private set; }

        public DateTimeOffset? FulfilledAt { get; private set; }

        public bool Warned { get; set; }

        public bool Breached { get; set; }

        public void Start(DateTimeOffset at, bool paused)
        {
            (Active, _elapsed, RunningSince, FulfilledAt, Warned, Breached) = (true, TimeSpan.Zero, paused ? null : at, null, false, false);
        }

        /// <summary>Runs again after a stop, keeping the time already counted (a reopened ticket's resolution).</summary>
        public void Continue(DateTimeOffset at)
        {
            (Active, RunningSince, FulfilledAt) = (true, at, null);
        }

        public void Stop(DateTimeOffset at)
        {
            if (!Active)
            {
                return;
            }
            Pause(at);
            (Active, FulfilledAt) = (false, at);
        }

        public void Pause(DateTimeOffset at)
        {
            if (RunningSince is { } since)
            {
                _elapsed += at - since;
                RunningSince = null;
            }
        }

        public void Resume(DateTimeOffset at)
        {
            if (Active && RunningSince is null)
            {
                RunningSince = at;
            }
        }

        public TimeSpan ElapsedAt(DateTimeOffset now) => _elapsed + (RunningSince is { } since && now > since ? now - since : TimeSpan.Zero);

        public DateTimeOffset? DueAt(TimeSpan target) => Active && RunningSince is { } since ? since + (target - _elapsed) : null;
    }
}
