using Google.Protobuf.WellKnownTypes;
using Switchboard.Contracts.Agents;
using Switchboard.Contracts.Channels;
using Switchboard.Contracts.Routing;
using Switchboard.Contracts.Tickets;
using V1 = Switchboard.V1;

namespace Switchboard.Gateway.Mapping;

/// <summary>Small mappers between the domain's types and the public wire types.</summary>
public static class Wire
{
    public static ChannelKind ToDomain(V1.Channel channel) => channel switch
    {
        V1.Channel.Chat => ChannelKind.Chat,
        V1.Channel.Email => ChannelKind.Email,
        V1.Channel.Voice => ChannelKind.Voice,
        V1.Channel.Sms => ChannelKind.Sms,
        V1.Channel.Social => ChannelKind.Social,
        _ => throw new ArgumentOutOfRangeException(nameof(channel), channel, "Validated before mapping."),
    };

    public static V1.Channel ToWire(ChannelKind channel) => channel switch
    {
        ChannelKind.Chat => V1.Channel.Chat,
        ChannelKind.Email => V1.Channel.Email,
        ChannelKind.Voice => V1.Channel.Voice,
        ChannelKind.Sms => V1.Channel.Sms,
        ChannelKind.Social => V1.Channel.Social,
        _ => V1.Channel.Unspecified,
    };

    public static V1.TicketStatus ToWire(TicketStatus status) => status switch
    {
        TicketStatus.New => V1.TicketStatus.New,
        TicketStatus.Open => V1.TicketStatus.Open,
        TicketStatus.Pending => V1.TicketStatus.Pending,
        TicketStatus.OnHold => V1.TicketStatus.OnHold,
        TicketStatus.Solved => V1.TicketStatus.Solved,
        TicketStatus.Closed => V1.TicketStatus.Closed,
        _ => V1.TicketStatus.Unspecified,
    };

    public static V1.Presence ToWire(Presence presence) => presence switch
    {
        Presence.Offline => V1.Presence.Offline,
        Presence.Available => V1.Presence.Available,
        Presence.Away => V1.Presence.Away,
        _ => V1.Presence.Unspecified,
    };

    public static Presence ToDomain(V1.Presence presence) => presence switch
    {
        V1.Presence.Offline => Presence.Offline,
        V1.Presence.Available => Presence.Available,
        V1.Presence.Away => Presence.Away,
        _ => throw new ArgumentOutOfRangeException(nameof(presence), presence, "Validated before mapping."),
    };

    public static Timestamp ToWire(DateTimeOffset time) => Timestamp.FromDateTimeOffset(time);

    public static V1.TranscriptMessage ToWire(TranscriptEntry entry) => new()
    {
        Sequence = entry.Sequence,
        Author = entry.Author switch
        {
            Author.Customer => V1.Author.Customer,
            Author.Agent => V1.Author.Agent,
            Author.System => V1.Author.System,
            _ => V1.Author.Unspecified,
        },
        AgentId = entry.AgentId ?? "",
        Body = entry.Body,
        SentAt = ToWire(entry.SentAt),
    };

    public static V1.Ticket ToWire(TicketView ticket)
    {
        var wire = new V1.Ticket
        {
            TicketId = ticket.TicketId,
            Status = ToWire(ticket.Status),
            Channel = ToWire(ticket.Channel),
            CustomerId = ticket.CustomerId,
            CustomerAddress = ticket.CustomerAddress,
            QueueId = ticket.QueueId,
            AssigneeAgentId = ticket.AssigneeAgentId ?? "",
            FollowUpOfTicketId = ticket.FollowUpOfTicketId ?? "",
            CreatedAt = ToWire(ticket.CreatedAt),
            AdapterId = ticket.AdapterId,
            ConversationId = ticket.ConversationId,
        };
        wire.Transcript.AddRange(ticket.Transcript.Select(ToWire));
        return wire;
    }

    public static V1.Offer ToWire(OfferView offer) => new()
    {
        TicketId = offer.TicketId,
        Channel = ToWire(offer.Channel),
        QueueId = offer.QueueId,
        CustomerId = offer.CustomerId,
        ExpiresAt = ToWire(offer.ExpiresAt),
        Preview = offer.Preview,
    };

    public static V1.OutboundMessage ToWire(OutboundDelivery delivery) => new()
    {
        DeliverySequence = delivery.DeliverySequence,
        TicketId = delivery.TicketId,
        ConversationId = delivery.ConversationId,
        Channel = ToWire(delivery.Channel),
        RecipientAddress = delivery.RecipientAddress,
        Body = delivery.Body,
        AgentId = delivery.AgentId,
        SentAt = ToWire(delivery.SentAt),
        TicketSequence = delivery.TicketSequence,
    };

    public static V1.InboundAck ToWire(string adapterMessageId, string customerId, InboundReceipt receipt) => new()
    {
        AdapterMessageId = adapterMessageId,
        TicketId = receipt.TicketId,
        Sequence = receipt.Sequence,
        CustomerId = customerId,
        Duplicate = receipt.Duplicate,
    };

    public static V1.StreamDeskResponse ToWire(DeskEvent deskEvent) => deskEvent switch
    {
        OfferMade made => new() { Offer = ToWire(made.Offer) },
        OfferWithdrawn withdrawn => new() { OfferWithdrawn = new V1.OfferWithdrawn { TicketId = withdrawn.TicketId, Reason = withdrawn.Reason } },
        TicketAssigned assigned => new() { TicketAssigned = new V1.TicketAssigned { Ticket = ToWire(assigned.Ticket) } },
        TicketMessageAdded added => new() { TicketMessage = new V1.TicketMessage { TicketId = added.TicketId, Message = ToWire(added.Message) } },
        TicketReleased released => new() { TicketReleased = new V1.TicketReleased { TicketId = released.TicketId, Status = ToWire(released.Status) } },
        PresenceChanged changed => new() { PresenceChanged = new V1.PresenceChanged { Presence = ToWire(changed.Presence), Reason = changed.Reason } },
        _ => throw new ArgumentOutOfRangeException(nameof(deskEvent), deskEvent.GetType().Name, "Unknown desk event."),
    };

    public static V1.DeskSnapshot ToSnapshot(AgentStatus status)
    {
        var snapshot = new V1.DeskSnapshot { AgentId = status.Profile.AgentId, Presence = ToWire(status.Presence) };
        snapshot.Offers.AddRange(status.Offers.Select(ToWire));
        snapshot.AssignedTicketIds.AddRange(status.AssignedTicketIds);
        return snapshot;
    }

    public static V1.AgentProfile ToWire(AgentProfile profile)
    {
        var wire = new V1.AgentProfile
        {
            AgentId = profile.AgentId,
            DisplayName = profile.DisplayName,
            AutoAccept = profile.AutoAccept,
            ExclusiveChannels = new V1.ExclusiveChannels(),
        };
        wire.Capacities.AddRange(profile.Capacities.OrderBy(c => c.Key).Select(c => new V1.ChannelCapacity { Channel = ToWire(c.Key), MaxTickets = c.Value }));
        wire.QueueIds.AddRange(profile.QueueIds);
        wire.Skills.AddRange(ToWire(profile.Skills));
        wire.Languages.AddRange(profile.Languages);
        wire.QueuePriorities.AddRange(profile.QueuePriorities.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => new V1.QueuePriority { QueueId = p.Key, Priority = p.Value }));
        wire.WrapUps.AddRange(profile.WrapUp.OrderBy(w => w.Key).Select(w => new V1.WrapUp { Channel = ToWire(w.Key), Duration = Duration.FromTimeSpan(w.Value) }));
        wire.ExclusiveChannels.Channels.AddRange(profile.ExclusiveChannels.Select(ToWire));
        return wire;
    }

    public static AgentProfile ToDomain(V1.AgentProfile wire) => new(
        wire.AgentId,
        string.IsNullOrWhiteSpace(wire.DisplayName) ? wire.AgentId : wire.DisplayName,
        wire.Capacities.Count == 0 ? AgentProfile.DefaultCapacities : wire.Capacities.ToDictionary(c => ToDomain(c.Channel), c => c.MaxTickets),
        wire.AutoAccept,
        wire.QueueIds.Count == 0 ? [AgentProfile.DefaultQueueId] : wire.QueueIds.ToArray())
    {
        Skills = ToDomain(wire.Skills),
        Languages = wire.Languages.ToArray(),
        QueuePriorities = wire.QueuePriorities.ToDictionary(p => p.QueueId, p => p.Priority, StringComparer.Ordinal),
        WrapUp = wire.WrapUps.ToDictionary(w => ToDomain(w.Channel), w => w.Duration.ToTimeSpan()),
        ExclusiveChannels = wire.ExclusiveChannels is null ? [ChannelKind.Voice] : wire.ExclusiveChannels.Channels.Select(ToDomain).ToArray(),
    };

    public static IEnumerable<V1.Skill> ToWire(IReadOnlyDictionary<string, int> skills) =>
        skills.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => new V1.Skill { Name = s.Key, Proficiency = s.Value });

    public static IReadOnlyDictionary<string, int> ToDomain(IEnumerable<V1.Skill> skills) =>
        skills.ToDictionary(s => s.Name, s => s.Proficiency, StringComparer.Ordinal);

    public static V1.QueueConfig ToWire(QueueDefinition queue)
    {
        var wire = new V1.QueueConfig
        {
            QueueId = queue.QueueId,
            DisplayName = queue.DisplayName,
            ServiceLevelTarget = queue.ServiceLevelTarget is { } target ? Duration.FromTimeSpan(target) : null,
        };
        wire.RequiredSkills.AddRange(ToWire(queue.RequiredSkills));
        wire.Escalations.AddRange(queue.Escalations.Select(e => new V1.EscalationStep
        {
            After = Duration.FromTimeSpan(e.After),
            Action = e.Action switch
            {
                EscalationAction.RaisePriority => V1.EscalationAction.RaisePriority,
                EscalationAction.RelaxSkills => V1.EscalationAction.RelaxSkills,
                EscalationAction.Overflow => V1.EscalationAction.Overflow,
                _ => V1.EscalationAction.Unspecified,
            },
            PriorityIncrease = e.PriorityIncrease,
            OverflowQueueId = e.OverflowQueueId ?? "",
        }));
        return wire;
    }

    public static QueueDefinition ToDomain(V1.QueueConfig wire) => new(
        wire.QueueId,
        string.IsNullOrWhiteSpace(wire.DisplayName) ? wire.QueueId : wire.DisplayName,
        ToDomain(wire.RequiredSkills),
        wire.Escalations.Select(e => new EscalationStep(
            e.After.ToTimeSpan(),
            e.Action switch
            {
                V1.EscalationAction.RaisePriority => EscalationAction.RaisePriority,
                V1.EscalationAction.RelaxSkills => EscalationAction.RelaxSkills,
                V1.EscalationAction.Overflow => EscalationAction.Overflow,
                _ => throw new ArgumentOutOfRangeException(nameof(wire), e.Action, "Validated before mapping."),
            },
            e.PriorityIncrease,
            string.IsNullOrEmpty(e.OverflowQueueId) ? null : e.OverflowQueueId)).ToArray())
    {
        ServiceLevelTarget = wire.ServiceLevelTarget?.ToTimeSpan(),
    };

    public static V1.RoutingRule ToWire(RoutingRule rule) => new()
    {
        QueueId = rule.QueueId,
        Channel = rule.Channel is { } channel ? ToWire(channel) : V1.Channel.Unspecified,
        Language = rule.Language ?? "",
        Brand = rule.Brand ?? "",
    };

    public static RoutingRule ToDomain(V1.RoutingRule wire) => new(
        wire.QueueId,
        wire.Channel == V1.Channel.Unspecified ? null : ToDomain(wire.Channel),
        string.IsNullOrEmpty(wire.Language) ? null : wire.Language,
        string.IsNullOrEmpty(wire.Brand) ? null : wire.Brand);

    public static V1.WaitingTicket ToWire(QueueEntryView entry) => new()
    {
        TicketId = entry.Ticket.TicketId,
        Channel = ToWire(entry.Ticket.Channel),
        WaitingSince = ToWire(entry.Ticket.WaitingSince),
        OfferedToAgentId = entry.OfferedToAgentId ?? "",
    };
}
