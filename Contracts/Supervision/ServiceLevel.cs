namespace Switchboard.Contracts.Supervision;

/// <summary>Tickets answered in a period, how many within the queue's target, and their total wait.</summary>
[GenerateSerializer, Immutable]
[Alias("switchboard.ServiceLevel")]
public sealed record ServiceLevel(
    [property: Id(0)] int Answered,
    [property: Id(1)] int AnsweredWithinTarget,
    [property: Id(2)] TimeSpan TotalWait)
{
    public static ServiceLevel None { get; } = new(0, 0, TimeSpan.Zero);

    /// <summary>Share answered within target, 0–100; null while nothing was answered.</summary>
    public double? Percent => Answered == 0 ? null : 100.0 * AnsweredWithinTarget / Answered;

    /// <summary>Average speed of answer; null while nothing was answered.</summary>
    public TimeSpan? AverageSpeedOfAnswer => Answered == 0 ? null : TotalWait / Answered;

    public ServiceLevel Plus(ServiceLevel other) =>
        new(Answered + other.Answered, AnsweredWithinTarget + other.AnsweredWithinTarget, TotalWait + other.TotalWait);
}
