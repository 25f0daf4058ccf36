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

    // The quarter hour's totals are kept as answers come and go: a busy queue asks for its figures on every event,
    // and summing the window each time (thousands of answers) was most of what the queue grain allocated.
    private int _quarterAnswered;
    private int _quarterWithinTarget;
    private TimeSpan _quarterWait;
    private ServiceLevel _quarter = ServiceLevel.None;

    public void Record(DateTimeOffset answeredAt, TimeSpan waited, TimeSpan target)
    {
        var answer = new Answer(answeredAt, waited, waited <= target);
        RollDay(answeredAt);
        _today = _today.Plus(answer.AsServiceLevel());
        _recent.Enqueue(answer);
        Count(answer, +1);
    }

    /// <summary>The service level of the last quarter hour and of today, as of <paramref name="now"/>.</summary>
    public (ServiceLevel LastQuarterHour, ServiceLevel Today) Figures(DateTimeOffset now)
    {
        RollDay(now);
        while (_recent.TryPeek(out var oldest) && oldest.At <= now - QuarterHour)
        {
            Count(_recent.Dequeue(), -1);
        }
        if (_quarter.Answered != _quarterAnswered || _quarter.AnsweredWithinTarget != _quarterWithinTarget || _quarter.TotalWait != _quarterWait)
        {
            _quarter = _quarterAnswered == 0 ? ServiceLevel.None : new ServiceLevel(_quarterAnswered, _quarterWithinTarget, _quarterWait);
        }
        return (_quarter, _today);
    }

    private void Count(Answer answer, int sign)
    {
        _quarterAnswered += sign;
        _quarterWithinTarget += answer.WithinTarget ? sign : 0;
        _quarterWait += sign * answer.Waited;
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
