using System.ComponentModel.DataAnnotations;

namespace Switchboard.Silo.Supervision;

/// <summary>Live figures, bound from "Switchboard:Supervision".</summary>
public sealed class SupervisionOptions
{
    public const string Section = "Switchboard:Supervision";

    /// <summary>A ticket answered within this wait counts toward the service level, unless its queue sets its own.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan ServiceLevelTarget { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The least time between two publications to the gateways (changes in between are merged).</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:00:01")]
    public TimeSpan PublishInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How often the trend chart gets a point.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan SampleInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How often the trend chart's samples are saved (and always when the grain deactivates), so a crash loses
    /// at most this much of the chart.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan HistorySaveInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>A gateway that has not renewed its subscription for this long is dropped.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "01:00:00")]
    public TimeSpan SubscriptionLifetime { get; set; } = TimeSpan.FromSeconds(90);
}
