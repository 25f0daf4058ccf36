using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Switchboard.Gateway.Mapping;
using Switchboard.Gateway.Validation;
using Switchboard.V1;
using BusinessHours = Switchboard.V1.BusinessHours;
using OpenHours = Switchboard.V1.OpenHours;

namespace Switchboard.Tests.Validation;

/// <summary>Business hours on an SLA policy: what is refused, with which field and sentence, and how they map.</summary>
public sealed class BusinessHoursValidationTests
{
    [Fact]
    public void Weekday_schedule_with_a_lunch_break_and_holidays_passes_and_maps_back_unchanged()
    {
        var hours = Hours(Open(Weekday.Monday, "09:00", "12:00"), Open(Weekday.Monday, "12:00", "17:30"), Open(Weekday.Sunday, "20:00", "24:00"));
        hours.Holidays.Add("2026-12-25");

        RequestValidator.Validate([Policy(hours)]);

        var domain = BusinessHoursWire.ToDomain(hours);
        Assert.Equal([DayOfWeek.Monday, DayOfWeek.Monday, DayOfWeek.Sunday], domain.Open.Select(o => o.Day));
        Assert.Equal(TimeSpan.FromDays(1), domain.Open[2].End);
        Assert.Equal([new DateOnly(2026, 12, 25)], domain.Holidays);
        Assert.Equal(hours, BusinessHoursWire.ToWire(domain));
    }

    [Theory]
    [InlineData("Mars/Olympus_Mons", "time_zone", "'Mars/Olympus_Mons' is not a known time zone")]
    [InlineData("", "time_zone", "is empty")]
    public void Unknown_or_missing_time_zone_is_refused(string zone, string field, string reason)
    {
        var hours = Hours(Open(Weekday.Monday, "09:00", "17:00"));
        hours.TimeZone = zone;

        AssertRefused(hours, "policies[0].business_hours." + field, reason);
    }

    [Theory]
    [InlineData("17:00", "09:00", "open[0].end", "is not after the start")]
    [InlineData("09:00", "09:00", "open[0].end", "is not after the start")]
    [InlineData("9:00", "17:00", "open[0].start", "is not a time of day")]
    [InlineData("24:00", "24:00", "open[0].start", "is not a time of day")]
    [InlineData("09:00", "24:30", "open[0].end", "is not a time of day")]
    [InlineData("09:60", "17:00", "open[0].start", "is not a time of day")]
    public void Interval_must_be_times_of_day_ending_after_they_start(string start, string end, string field, string reason)
    {
        AssertRefused(Hours(Open(Weekday.Tuesday, start, end)), "policies[0].business_hours." + field, reason);
    }

    [Fact]
    public void Overlapping_intervals_on_one_day_are_refused_but_the_same_hours_on_another_day_are_not()
    {
        RequestValidator.Validate([Policy(Hours(Open(Weekday.Monday, "09:00", "17:00"), Open(Weekday.Tuesday, "09:00", "17:00")))]);

        AssertRefused(Hours(Open(Weekday.Monday, "09:00", "17:00"), Open(Weekday.Tuesday, "09:00", "17:00"), Open(Weekday.Monday, "16:00", "18:00")),
            "policies[0].business_hours.open[2]", "overlaps open[0]");
    }

    [Fact]
    public void A_schedule_needs_an_open_interval_and_a_weekday()
    {
        AssertRefused(Hours(), "policies[0].business_hours.open", "needs 1 to");
        AssertRefused(Hours(Open(Weekday.Unspecified, "09:00", "17:00")), "policies[0].business_hours.open[0].day", "must be one of");
    }

    [Theory]
    [InlineData("2026-02-30")]
    [InlineData("25.12.2026")]
    [InlineData("2026-12-25T00:00")]
    public void Holiday_that_is_not_a_date_is_refused(string holiday)
    {
        var hours = Hours(Open(Weekday.Monday, "09:00", "17:00"));
        hours.Holidays.Add("2026-01-01");
        hours.Holidays.Add(holiday);

        AssertRefused(hours, "policies[0].business_hours.holidays[1]", "is not a date; write YYYY-MM-DD");
    }

    private static void AssertRefused(BusinessHours hours, string field, string reason)
    {
        var error = Assert.Throws<RpcException>(() => RequestValidator.Validate([Policy(hours)]));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        var violation = Assert.Single(error.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations);
        Assert.Equal(field, violation.Field);
        Assert.Contains(reason, violation.Description, StringComparison.Ordinal);
    }

    private static SlaPolicy Policy(BusinessHours hours) => new()
    {
        PolicyId = "office",
        FirstReply = Duration.FromTimeSpan(TimeSpan.FromHours(1)),
        BusinessHours = hours,
    };

    private static BusinessHours Hours(params OpenHours[] open)
    {
        var hours = new BusinessHours { TimeZone = "Europe/Berlin" };
        hours.Open.AddRange(open);
        return hours;
    }

    private static OpenHours Open(Weekday day, string start, string end) => new() { Day = day, Start = start, End = end };
}
