using Switchboard.Contracts.Supervision;

namespace Switchboard.Silo.Supervision;

/// <summary>
/// A queue's answered tickets over the last quarter hour and today (UTC), without Orleans. Each answer counts
/// as within target or not by the target in force when it was answered.
/// </summary>
public sealed class ServiceLevelWindow
{
    public static readonly TimeSpan QuarterHour = TimeSpan.FromMinutes(15);

    private readonly Queue<Answer> _recent = new();
    private DateOnly _day;
    private ServiceLevel _today = ServiceLevel.None;

    public void Record(DateTimeOffset answeredAt, TimeSpan waited, TimeSpan target)
    {
        var answer = new Answer(answeredAt, waited, waited <= target);
        RollDay(answeredAt);
        _today = _today.Plus(answer.AsServiceLevel());
        _recent.Enqueue(answer);
    }

    /// <summary>The service level of the last quarter hour and of today, as of <paramref name="now"/>.</summary>
    public (ServiceLevel LastQuarterHour, ServiceLevel Today) Figures(DateTimeOffset now)
    {
        RollDay(now);
        while (_recent.TryPeek(out var oldest) && oldest.At <= now - QuarterHour)
        {
            _recent.Dequeue();
        }
        var quarter = _recent.Aggregate(ServiceLevel.None, (sum, a) => sum.Plus(a.AsServiceLevel()));
        return (quarter, _today);
    }

    private void RollDay(DateTimeOffset now)
    {
        var day = DateOnly.FromDateTime(now.UtcDateTime);
        if (day > _day)
        {
            _day = day;
            _today = ServiceLevel.None;
        }
    }

    private readonly record struct Answer(DateTimeOffset At, TimeSpan Waited, bool WithinTarget)
    {
        public ServiceLevel AsServiceLevel() => new(1, WithinTarget ? 1 : 0, Waited);
    }
}
