namespace Switchboard.Contracts.Reports;

/// <summary>How many times a duration was measured, and its mean and median; both null when it never was.</summary>
[GenerateSerializer, Immutable]
[Alias("switchboard.DurationFigure")]
public sealed record DurationFigure(
    [property: Id(0)] long Count,
    [property: Id(1)] TimeSpan? Average,
    [property: Id(2)] TimeSpan? Median)
{
    public static DurationFigure None { get; } = new(0, null, null);
}
