using Switchboard.Contracts.Tickets;
using Switchboard.Silo.Tickets.Sla;

namespace Switchboard.Tests.Tickets;

/// <summary>Open time under business hours, in Berlin (CET/CEST) so weekends, holidays and DST changes all show.</summary>
public sealed class BusinessCalendarTests
{
    private const string Berlin = "Europe/Berlin";

    private static readonly TimeSpan Cet = TimeSpan.FromHours(1);
    private static readonly TimeSpan Cest = TimeSpan.FromHours(2);

    // Friday 6 March 2026, 16:30 local.
    private static readonly DateTimeOffset FridayAfternoon = new(2026, 3, 6, 16, 30, 0, Cet);

    [Fact]
    public void One_hour_from_friday_half_past_four_is_monday_half_past_nine()
    {
        var calendar = BusinessCalendar.For(WeekdaysNineToFive());

        Assert.Equal(new DateTimeOffset(2026, 3, 9, 9, 30, 0, Cet), calendar.AddOpenTime(FridayAfternoon, TimeSpan.FromHours(1)));
    }

    [Fact]
    public void A_holiday_monday_moves_it_to_tuesday()
    {
        var calendar = BusinessCalendar.For(WeekdaysNineToFive(holidays: [new DateOnly(2026, 3, 9)]));

        Assert.Equal(new DateTimeOffset(2026, 3, 10, 9, 30, 0, Cet), calendar.AddOpenTime(FridayAfternoon, TimeSpan.FromHours(1)));
        Assert.Equal(TimeSpan.FromMinutes(30), calendar.OpenTimeBetween(FridayAfternoon, new DateTimeOffset(2026, 3, 10, 8, 0, 0, Cet)));
    }

    [Fact]
    public void Target_met_exactly_at_closing_is_due_at_closing_not_at_the_next_opening()
    {
        var calendar = BusinessCalendar.For(WeekdaysNineToFive());

        Assert.Equal(new DateTimeOffset(2026, 3, 6, 17, 0, 0, Cet), calendar.AddOpenTime(FridayAfternoon, TimeSpan.FromMinutes(30)));
    }

    [Fact]
    public void Time_opened_outside_hours_counts_from_the_next_opening()
    {
        var calendar = BusinessCalendar.For(WeekdaysNineToFive());
        var saturday = new DateTimeOffset(2026, 3, 7, 10, 0, 0, Cet);

        Assert.Equal(TimeSpan.Zero, calendar.OpenTimeBetween(saturday, new DateTimeOffset(2026, 3, 9, 9, 0, 0, Cet)));
        Assert.Equal(TimeSpan.FromMinutes(45), calendar.OpenTimeBetween(saturday, new DateTimeOffset(2026, 3, 9, 9, 45, 0, Cet)));
        Assert.Equal(new DateTimeOffset(2026, 3, 9, 10, 0, 0, Cet), calendar.AddOpenTime(saturday, TimeSpan.FromHours(1)));
    }

    [Fact]
    public void A_lunch_break_splits_the_day_and_a_week_holds_forty_open_hours()
    {
        var calendar = BusinessCalendar.For(Hours(Weekdays.SelectMany(day => new[] { Open(day, 9, 12), Open(day, 13, 18) })));
        var mondayMorning = new DateTimeOffset(2026, 3, 2, 11, 0, 0, Cet);

        Assert.Equal(new DateTimeOffset(2026, 3, 2, 15, 0, 0, Cet), calendar.AddOpenTime(mondayMorning, TimeSpan.FromHours(3)));
        Assert.Equal(TimeSpan.FromHours(40), calendar.OpenTimeBetween(new DateTimeOffset(2026, 3, 2, 0, 0, 0, Cet), new DateTimeOffset(2026, 3, 9, 0, 0, 0, Cet)));
    }

    [Fact]
    public void Nine_to_five_across_the_spring_dst_change_is_counted_in_local_hours()
    {
        // Clocks go from 02:00 CET to 03:00 CEST on Sunday 29 March 2026.
        var calendar = BusinessCalendar.For(WeekdaysNineToFive());
        var friday = new DateTimeOffset(2026, 3, 27, 16, 30, 0, Cet);

        var due = calendar.AddOpenTime(friday, TimeSpan.FromHours(1));

        Assert.Equal(new DateTimeOffset(2026, 3, 30, 9, 30, 0, Cest), due);
        Assert.Equal(TimeSpan.FromHours(1), calendar.OpenTimeBetween(friday, due));
    }

    [Fact]
    public void Open_all_day_on_a_dst_sunday_counts_the_day_as_it_really_was()
    {
        var sundays = BusinessCalendar.For(Hours([Open(DayOfWeek.Sunday, 0, 24)]));

        Assert.Equal(TimeSpan.FromHours(23), sundays.OpenTimeBetween(new DateTimeOffset(2026, 3, 28, 0, 0, 0, Cet), new DateTimeOffset(2026, 3, 31, 0, 0, 0, Cest)));
        Assert.Equal(TimeSpan.FromHours(25), sundays.OpenTimeBetween(new DateTimeOffset(2026, 10, 24, 0, 0, 0, Cest), new DateTimeOffset(2026, 10, 27, 0, 0, 0, Cet)));
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 23, 0, 0, Cest), sundays.AddOpenTime(new DateTimeOffset(2026, 3, 29, 0, 0, 0, Cet), TimeSpan.FromHours(22)));
    }

    [Fact]
    public void An_opening_in_the_skipped_hour_starts_when_the_clocks_jump()
    {
        var calendar = BusinessCalendar.For(Hours([new OpenHours(DayOfWeek.Sunday, TimeSpan.FromHours(2.5), TimeSpan.FromHours(4))]));

        // 02:30 does not exist on 29 March; the interval runs from the jump (03:00 CEST) to 04:00 CEST.
        Assert.Equal(TimeSpan.FromHours(1), calendar.OpenTimeBetween(new DateTimeOffset(2026, 3, 29, 0, 0, 0, Cet), new DateTimeOffset(2026, 3, 30, 0, 0, 0, Cest)));
    }

    [Fact]
    public void Intervals_meeting_in_the_repeated_autumn_hour_count_it_once()
    {
        // On 25 October 2026 Berlin's clocks go from 03:00 CEST back to 02:00 CET: 02:00-03:00 happens twice.
        var calendar = BusinessCalendar.For(Hours([Open(DayOfWeek.Sunday, 0, 2), Open(DayOfWeek.Sunday, 2, 4)]));

        Assert.Equal(TimeSpan.FromHours(5), calendar.OpenTimeBetween(new DateTimeOffset(2026, 10, 24, 0, 0, 0, Cest), new DateTimeOffset(2026, 10, 26, 0, 0, 0, Cet)));
    }

    [Fact]
    public void The_zone_decides_where_a_local_day_starts()
    {
        var newYork = BusinessCalendar.For(new BusinessHours("America/New_York", Weekdays.Select(day => Open(day, 9, 17)).ToArray(), []));

        // 16:30 in Berlin on Friday is 10:30 in New York: the target is met the same day.
        Assert.Equal(new DateTimeOffset(2026, 3, 6, 11, 30, 0, TimeSpan.FromHours(-5)), newYork.AddOpenTime(FridayAfternoon, TimeSpan.FromHours(1)));
    }

    [Fact]
    public void A_target_a_thin_schedule_cannot_reach_in_twenty_years_falls_due_at_that_horizon()
    {
        var calendar = BusinessCalendar.For(Hours([new OpenHours(DayOfWeek.Monday, TimeSpan.FromHours(9), TimeSpan.FromHours(9) + TimeSpan.FromMinutes(1))]));

        Assert.Equal(FridayAfternoon + TimeSpan.FromDays(366 * 20), calendar.AddOpenTime(FridayAfternoon, TimeSpan.FromDays(365)));
    }

    [Fact]
    public void Without_business_hours_open_time_is_wall_time()
    {
        var calendar = BusinessCalendar.For(null);

        Assert.Same(BusinessCalendar.AlwaysOpen, calendar);
        Assert.Equal(FridayAfternoon.AddHours(1), calendar.AddOpenTime(FridayAfternoon, TimeSpan.FromHours(1)));
        Assert.Equal(TimeSpan.FromDays(3), calendar.OpenTimeBetween(FridayAfternoon, FridayAfternoon.AddDays(3)));
        Assert.Equal(TimeSpan.Zero, calendar.OpenTimeBetween(FridayAfternoon, FridayAfternoon.AddDays(-1)));
    }

    internal static readonly DayOfWeek[] Weekdays = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];

    /// <summary>Monday to Friday 09:00–17:00 in Berlin.</summary>
    internal static BusinessHours WeekdaysNineToFive(IReadOnlyList<DateOnly>? holidays = null) =>
        new(Berlin, Weekdays.Select(day => Open(day, 9, 17)).ToArray(), holidays ?? []);

    private static BusinessHours Hours(IEnumerable<OpenHours> open) => new(Berlin, open.ToArray(), []);

    private static OpenHours Open(DayOfWeek day, int fromHour, int toHour) => new(day, TimeSpan.FromHours(fromHour), TimeSpan.FromHours(toHour));
}
