using System.ComponentModel.DataAnnotations;

namespace Switchboard.Silo.Routing;

/// <summary>Routing timings, bound from "Switchboard:Routing".</summary>
public sealed class RoutingOptions
{
    public const string Section = "Switchboard:Routing";

    /// <summary>How long an agent has to accept an offer before it goes to someone else.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00")]
    public TimeSpan OfferTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an agent whose desk stream dropped stays available, to ride out a reconnect.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan DeskGracePeriod { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long a returning customer's ticket is held for their last agent before anyone may take it.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan PreferredAgentWait { get; set; } = TimeSpan.Zero;

    /// <summary>Offers in a row an agent may let time out before being set Away as not responding.</summary>
    [Range(1, 100)]
    public int MaxMissedOffers { get; set; } = 3;

    /// <summary>How often an available agent re-registers with its queues, so a restarted queue relearns it.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan AgentRefreshInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Period of the durable reminder every signed-in agent keeps. It wakes an agent whose activation was lost with its
    /// silo, so it re-registers with its queues (or, with no desk back within the grace period, signs out and hands its
    /// tickets back) even when nothing else calls it. Orleans' minimum reminder period follows it when it is shorter.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan AgentKeepAlive { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Orleans' minimum reminder period lowered to <see cref="AgentKeepAlive"/> when that is shorter.</summary>
    public void LowerReminderFloor(Orleans.Hosting.ReminderOptions reminders) =>
        reminders.MinimumReminderPeriod = TimeSpan.FromTicks(Math.Min(reminders.MinimumReminderPeriod.Ticks, AgentKeepAlive.Ticks));
}
