using Switchboard.Silo.Supervision;

namespace Switchboard.Tests.Supervision;

public sealed class ServiceLevelWindowTests
{
    private static readonly DateTimeOffset Noon = new(2026, 3, 2, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Target = TimeSpan.FromSeconds(60);

    [Fact]
    public void Answers_within_target_count_toward_the_service_level_and_the_average_speed_of_answer()
    {
        var window = new ServiceLevelWindow();
        window.Record(Noon, TimeSpan.FromSeconds(20), Target);
        window.Record(Noon.AddSeconds(1), TimeSpan.FromSeconds(60), Target);
        window.Record(Noon.AddSeconds(2), TimeSpan.FromSeconds(100), Target);

        var (quarter, today) = window.Figures(Noon.AddMinutes(1));

        Assert.Equal(3, quarter.Answered);
        Assert.Equal(2, quarter.AnsweredWithinTarget);
        Assert.Equal(200.0 / 3, quarter.Percent!.Value, 6);
        Assert.Equal(TimeSpan.FromSeconds(60), quarter.AverageSpeedOfAnswer);
        Assert.Equal(quarter, today);
    }

    [Fact]
    public void Answers_older_than_a_quarter_hour_leave_the_window_but_stay_in_today()
    {
        var window = new ServiceLevelWindow();
        window.Record(Noon, TimeSpan.FromSeconds(90), Target);
        window.Record(Noon.AddMinutes(10), TimeSpan.FromSeconds(5), Target);

        var (quarter, today) = window.Figures(Noon.AddMinutes(15));

        Assert.Equal(new Contracts.Supervision.ServiceLevel(1, 1, TimeSpan.FromSeconds(5)), quarter);
        Assert.Equal(new Contracts.Supervision.ServiceLevel(2, 1, TimeSpan.FromSeconds(95)), today);
    }

    [Fact]
    public void Today_starts_empty_at_midnight_utc()
    {
        var window = new ServiceLevelWindow();
        window.Record(new DateTimeOffset(2026, 3, 2, 23, 59, 0, TimeSpan.Zero), TimeSpan.FromSeconds(5), Target);

        var (quarter, today) = window.Figures(new DateTimeOffset(2026, 3, 3, 0, 1, 0, TimeSpan.Zero));

        Assert.Equal(1, quarter.Answered);
        Assert.Equal(0, today.Answered);
        Assert.Null(today.Percent);
    }

    [Fact]
    public void The_kept_quarter_hour_totals_equal_a_fresh_sum_of_the_answers_in_the_window_as_it_slides()
    {
        var random = new Random(20261126);
        var window = new ServiceLevelWindow();
        var answers = new List<(DateTimeOffset At, TimeSpan Waited)>();
        var now = Noon;
        for (var step = 0; step < 3_000; step++)
        {
            now = now.AddSeconds(random.Next(0, 3));
            if (random.Next(3) > 0)
            {
                var waited = TimeSpan.FromSeconds(random.Next(0, 120));
                window.Record(now, waited, Target);
                answers.Add((now, waited));
            }
            var (quarter, _) = window.Figures(now);
            var inWindow = answers.Where(a => a.At > now - ServiceLevelWindow.QuarterHour).ToList();
            Assert.Equal(inWindow.Count, quarter.Answered);
            Assert.Equal(inWindow.Count(a => a.Waited <= Target), quarter.AnsweredWithinTarget);
            Assert.Equal(inWindow.Aggregate(TimeSpan.Zero, (sum, a) => sum + a.Waited), quarter.TotalWait);
        }
        // A quiet quarter hour empties the window entirely.
        Assert.Equal(Contracts.Supervision.ServiceLevel.None, window.Figures(now + ServiceLevelWindow.QuarterHour).LastQuarterHour);
    }
}
