using Switchboard.Contracts.Tickets;
using Switchboard.Silo.Tickets.Events;

namespace Switchboard.Silo.Tickets.Sla;

/// <summary>
/// A ticket's SLA clocks as a fold of its log, without Orleans or a clock of its own: every answer is for an
/// explicit instant. Time is measured from the log whether or not a policy applies; the policy (also on the
/// log) gives the targets. Clocks run while the ticket is New or Open and pause while it is Pending or On-hold;
/// with business hours on the policy only open time counts, and due times are found by walking open hours forward.
/// First reply and resolution start when the ticket opens; next reply starts with a customer message once an
/// agent has replied. A public reply fulfils the reply clocks; a solve stops them all; a reopen resumes resolution.
/// </summary>
public sealed class SlaClock
{
    // One per metric, as fields: every ticket in memory has a clock, and a dictionary of them cost it more than they do.
    private readonly Measure _firstReply = new();
    private readonly Measure _nextReply = new();
    private readonly Measure _resolution = new();

    private bool _paused;

    private BusinessCalendar _calendar = BusinessCalendar.AlwaysOpen;

    public SlaPolicyApplied? Policy { get; private set; }

    /// <summary>Takes in one log event, given the ticket's status after it.</summary>
    public void Observe(TicketEvent ticketEvent, TicketStatus statusAfter)
    {
        var at = ticketEvent.At;
        switch (ticketEvent)
        {
            case TicketOpened:
                _firstReply.Start(at, _paused);
                _resolution.Start(at, _paused);
                break;
            case CustomerMessageReceived when _firstReply.FulfilledAt is not null && !_nextReply.Active:
                _nextReply.Start(at, _paused);
                break;
            case AgentReplied:
            case MacroApplied { Reply: not null }:
                _firstReply.Stop(at);
                _nextReply.Stop(at);
                break;
            case TicketReopened:
                _resolution.Continue(at);
                break;
            case SlaPolicyApplied policy:
                Policy = policy.PolicyId is null ? null : policy;
                _calendar = BusinessCalendar.For(Policy?.BusinessHours);
                break;
            case SlaWarned warned:
                Of(warned.Metric).Warned = true;
                break;
            case SlaBreached breached:
                Of(breached.Metric).Breached = true;
                break;
        }
        Follow(statusAfter, at);
    }

    /// <summary>Each target of the policy as it stands at <paramref name="now"/>.</summary>
    public IReadOnlyList<SlaTargetView> Evaluate(DateTimeOffset now) =>
        Targets().Select(t =>
        {
            var measure = Of(t.Metric);
            var elapsed = measure.ElapsedAt(now, _calendar);
            return new SlaTargetView(t.Metric, t.Target, measure.DueAt(t.Target, _calendar), measure.Active && measure.RunningSince is null,
                elapsed, measure.FulfilledAt, measure.Breached || elapsed > t.Target || (measure.Active && elapsed == t.Target));
        }).ToArray();

    /// <summary>
    /// The earliest due time of the policy's targets (the least of <see cref="Evaluate"/>'s due times, which do not
    /// depend on the instant asked); null when none is due. Asked for every message, so it builds no views.
    /// </summary>
    public DateTimeOffset? EarliestDue()
    {
        if (Policy is null)
        {
            return null;
        }
        DateTimeOffset? earliest = null;
        foreach (var (metric, target) in Targets())
        {
            if (Of(metric).DueAt(target, _calendar) is { } dueAt && (earliest is null || dueAt < earliest))
            {
                earliest = dueAt;
            }
        }
        return earliest;
    }

    /// <summary>Warnings and breaches that are due at <paramref name="now"/> and not yet on the log.</summary>
    public IReadOnlyList<SlaAlarm> Due(DateTimeOffset now)
    {
        var alarms = new List<SlaAlarm>();
        foreach (var (metric, target) in Targets())
        {
            var measure = Of(metric);
            if (measure.DueAt(target, _calendar) is not { } dueAt)
            {
                continue;
            }
            if (!measure.Breached && now >= dueAt)
            {
                alarms.Add(new SlaAlarm(metric, dueAt, Breach: true));
            }
            else if (!measure.Warned && !measure.Breached && WarnAt(measure, target) is { } warnAt && now >= warnAt)
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
            var measure = Of(metric);
            if (measure.DueAt(target, _calendar) is not { } dueAt || measure.Breached)
            {
                continue;
            }
            var at = !measure.Warned && WarnAt(measure, target) is { } warnAt ? warnAt : dueAt;
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
                && current.WarnBefore == policy.WarnBefore && current.BreachPriority == policy.BreachPriority
                && Equals(current.BusinessHours, policy.BusinessHours);

    /// <summary>
    /// When the warning falls due: once the time left is the policy's warning time, counted in open time like the
    /// target (a 30-minute warning for a target due at 09:10 Monday comes at 16:40 the Friday before, not overnight).
    /// </summary>
    private DateTimeOffset? WarnAt(Measure measure, TimeSpan target) =>
        Policy!.WarnBefore > TimeSpan.Zero ? measure.DueAt(target - Policy.WarnBefore, _calendar) : null;

    private Measure Of(SlaMetric metric) => metric switch
    {
        SlaMetric.FirstReply => _firstReply,
        SlaMetric.NextReply => _nextReply,
        SlaMetric.Resolution => _resolution,
        _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, "Not an SLA metric."),
    };

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
            _firstReply.Stop(at);
            _nextReply.Stop(at);
            _resolution.Stop(at);
        }
        var paused = TicketWorkflow.IsPaused(status);
        if (paused == _paused)
        {
            return;
        }
        _paused = paused;
        foreach (var measure in (ReadOnlySpan<Measure>)[_firstReply, _nextReply, _resolution])
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

    /// <summary>
    /// One metric's current cycle: the spans it ran, and whether its alarms are on the log. The spans are kept, not
    /// a total, so a policy applied later (with other business hours) measures the whole cycle by its own calendar.
    /// </summary>
    private sealed class Measure
    {
        private static readonly List<(DateTimeOffset From, DateTimeOffset To)> NeverPaused = [];

        // Made by the first pause: most cycles never pause.
        private List<(DateTimeOffset From, DateTimeOffset To)>? _ran;

        public bool Active { get; private set; }

        public DateTimeOffset? RunningSince { get; private set; }

        public DateTimeOffset? FulfilledAt { get; private set; }

        public bool Warned { get; set; }

        public bool Breached { get; set; }

        public void Start(DateTimeOffset at, bool paused)
        {
            _ran?.Clear();
            (Active, RunningSince, FulfilledAt, Warned, Breached) = (true, paused ? null : at, null, false, false);
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
                if (at > since)
                {
                    (_ran ??= []).Add((since, at));
                }
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

        public TimeSpan ElapsedAt(DateTimeOffset now, BusinessCalendar calendar)
        {
            var elapsed = RunningSince is { } since ? calendar.OpenTimeBetween(since, now) : TimeSpan.Zero;
            foreach (var (from, to) in _ran ?? NeverPaused)
            {
                elapsed += calendar.OpenTimeBetween(from, to);
            }
            return elapsed;
        }

        /// <summary>
        /// When the cycle's open time reaches <paramref name="target"/> while it runs: ahead in open hours, or back in
        /// a span already run when the target was used up before a pause; null while paused or stopped.
        /// </summary>
        public DateTimeOffset? DueAt(TimeSpan target, BusinessCalendar calendar)
        {
            if (!Active || RunningSince is not { } since)
            {
                return null;
            }
            var left = target;
            foreach (var (from, to) in _ran ?? NeverPaused)
            {
                var open = calendar.OpenTimeBetween(from, to);
                if (open >= left)
                {
                    return calendar.AddOpenTime(from, left);
                }
                left -= open;
            }
            return calendar.AddOpenTime(since, left);
        }
    }
}
