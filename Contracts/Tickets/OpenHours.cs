namespace Switchboard.Contracts.Tickets;

/// <summary>One open interval on a weekday, in local time from <see cref="Start"/> to <see cref="End"/> (at most 24:00).</summary>
[GenerateSerializer, Immutable]
[Alias("switchboard.OpenHours")]
public sealed record OpenHours(
    [property: Id(0)] DayOfWeek Day,
    [property: Id(1)] TimeSpan Start,
    [property: Id(2)] TimeSpan End);
