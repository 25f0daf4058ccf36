using Google.Protobuf.WellKnownTypes;
using Switchboard.Contracts.Supervision;
using V1 = Switchboard.V1;

namespace Switchboard.Gateway.Mapping;

/// <summary>Floor updates on the wire, narrowed to one queue (and the agents serving it) when a viewer asks.</summary>
public static class FloorWire
{
    public static V1.WatchResponse ToWire(FloorUpdate update, string? queueId = null)
    {
        var wire = new V1.WatchResponse { Snapshot = update.IsSnapshot, Version = update.Version, AsOf = Wire.ToWire(update.AsOf) };
        wire.Queues.AddRange(update.Queues.Where(q => queueId is null || q.Figures.QueueId == queueId).Select(q => ToWire(q, update.AsOf)));
        wire.Agents.AddRange(update.Agents.Where(a => queueId is null || a.QueueIds.Contains(queueId, StringComparer.Ordinal)).Select(ToWire));
        wire.History.AddRange(update.History.Select(ToWire));
        return wire;
    }

    private static V1.QueueFigures ToWire(QueueFloor queue, DateTimeOffset asOf)
    {
        var figures = queue.Figures;
        return new V1.QueueFigures
        {
            QueueId = figures.QueueId,
            Waiting = figures.Waiting,
            OldestWaitingSince = figures.OldestWaitingSince is { } since ? Wire.ToWire(since) : null,
            LongestWait = Duration.FromTimeSpan(figures.OldestWaitingSince is { } oldest && asOf > oldest ? asOf - oldest : TimeSpan.Zero),
            OffersOutstanding = figures.OffersOutstanding,
            AgentsAvailable = queue.Agents.Available,
            AgentsBusy = queue.Agents.Busy,
            AgentsAway = queue.Agents.Away,
            AgentsOffline = queue.Agents.Offline,
            ServiceLevelTarget = Duration.FromTimeSpan(figures.ServiceLevelTarget),
            LastQuarterHour = ToWire(figures.LastQuarterHour),
            Today = ToWire(figures.Today),
            AbandonedToday = queue.AbandonedToday,
        };
    }

    private static V1.ServiceLevel ToWire(ServiceLevel level) => new()
    {
        Answered = level.Answered,
        AnsweredWithinTarget = level.AnsweredWithinTarget,
        Percent = level.Percent ?? 0,
        AverageSpeedOfAnswer = level.AverageSpeedOfAnswer is { } asa ? Duration.FromTimeSpan(asa) : null,
    };

    private static V1.AgentFigures ToWire(AgentFigures agent)
    {
        var wire = new V1.AgentFigures
        {
            AgentId = agent.AgentId,
            DisplayName = agent.DisplayName,
            Presence = Wire.ToWire(agent.Presence),
            PresenceSince = Wire.ToWire(agent.PresenceSince),
            HandledToday = agent.HandledToday,
            OffersOutstanding = agent.OffersOutstanding,
            CsatRatingsToday = agent.CsatRatingsToday,
        };
        wire.Load.AddRange(agent.Load.Select(l => new V1.ChannelLoad { Channel = Wire.ToWire(l.Channel), Tickets = l.Tickets, Capacity = l.Capacity }));
        wire.QueueIds.AddRange(agent.QueueIds);
        if (agent.CsatAverageToday is { } average)
        {
            wire.CsatAverageToday = average;
        }
        return wire;
    }

    private static V1.FloorSample ToWire(FloorSample sample)
    {
        var wire = new V1.FloorSample { At = Wire.ToWire(sample.At), Waiting = sample.Waiting };
        if (sample.ServiceLevelPercent is { } percent)
        {
            wire.ServiceLevelPercent = percent;
        }
        return wire;
    }
}
