using Google.Protobuf.WellKnownTypes;
using Switchboard.Contracts.Agents;
using Switchboard.Contracts.Channels;
using Switchboard.Contracts.Routing;
using Switchboard.Contracts.Security;
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

    public static TicketStatus ToDomain(V1.TicketStatus status) => status switch
    {
        V1.TicketStatus.New => TicketStatus.New,
        V1.TicketStatus.Open => TicketStatus.Open,
        V1.TicketStatus.Pending => TicketStatus.Pending,
        V1.TicketStatus.OnHold => TicketStatus.OnHold,
        V1.TicketStatus.Solved => TicketStatus.Solved,
        V1.TicketStatus.Closed => TicketStatus.Closed,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Validated before mapping."),
    };

    public static V1.TicketPriority ToWire(TicketPriority priority) => priority switch
    {
        TicketPriority.Low => V1.TicketPriority.Low,
        TicketPriority.Normal => V1.TicketPriority.Normal,
        TicketPriority.High => V1.TicketPriority.High,
        TicketPriority.Urgent => V1.TicketPriority.Urgent,
        _ => V1.TicketPriority.Unspecified,
    };

    public static TicketPriority ToDomain(V1.TicketPriority priority) => priority switch
    {
        V1.TicketPriority.Low => TicketPriority.Low,
        V1.TicketPriority.Normal => TicketPriority.Normal,
        V1.TicketPriority.High => TicketPriority.High,
        V1.TicketPriority.Urgent => TicketPriority.Urgent,
        _ => throw new ArgumentOutOfRangeException(nameof(priority), priority, "Validated before mapping."),
    };

    public static TicketChanges ToDomain(V1.UpdateTicketRequest request) => new()
    {
        Status = request.Status == V1.TicketStatus.Unspecified ? null : ToDomain(request.Status),
        Priority = request.Priority == V1.TicketPriority.Unspecified ? null : ToDomain(request.Priority),
        AddTags = request.AddTags.ToArray(),
        RemoveTags = request.RemoveTags.ToArray(),
        Fields = request.CustomFields.ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal),
        Subject = request.HasSubject ? request.Subject : null,
    };

    public static V1.Macro ToWire(Macro macro)
    {
        var wire = new V1.Macro
        {
            MacroId = macro.MacroId,
            Title = macro.Title,
            ReplyTemplate = macro.ReplyTemplate ?? "",
            Status = macro.Changes.Status is { } status ? ToWire(status) : V1.TicketStatus.Unspecified,
            Priority = macro.Changes.Priority is { } priority ? ToWire(priority) : V1.TicketPriority.Unspecified,
        };
        wire.AddTags.AddRange(macro.Changes.AddTags);
        wire.RemoveTags.AddRange(macro.Changes.RemoveTags);
        foreach (var (fieldId, value) in macro.Changes.Fields)
        {
            wire.CustomFields[fieldId] = value;
        }
        return wire;
    }

    public static Macro ToDomain(V1.Macro wire) => new(
        wire.MacroId,
        string.IsNullOrWhiteSpace(wire.Title) ? wire.MacroId : wire.Title,
        wire.ReplyTemplate.Length == 0 ? null : wire.ReplyTemplate,
        new TicketChanges
        {
            Status = wire.Status == V1.TicketStatus.Unspecified ? null : ToDomain(wire.Status),
            Priority = wire.Priority == V1.TicketPriority.Unspecified ? null : ToDomain(wire.Priority),
            AddTags = wire.AddTags.ToArray(),
            RemoveTags = wire.RemoveTags.ToArray(),
            Fields = wire.CustomFields.ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal),
        });

    public static V1.TicketField ToWire(TicketFieldDefinition field)
    {
        var wire = new V1.TicketField
        {
            FieldId = field.FieldId,
            DisplayName = field.DisplayName,
            Kind = field.Kind switch
            {
                TicketFieldKind.Text => V1.TicketFieldKind.Text,
                TicketFieldKind.Number => V1.TicketFieldKind.Number,
                TicketFieldKind.DropDown => V1.TicketFieldKind.DropDown,
                TicketFieldKind.Checkbox => V1.TicketFieldKind.Checkbox,
                _ => V1.TicketFieldKind.Unspecified,
            },
        };
        wire.Options.AddRange(field.Options);
        return wire;
    }

    public static TicketFieldDefinition ToDomain(V1.TicketField wire) => new(
        wire.FieldId,
        string.IsNullOrWhiteSpace(wire.DisplayName) ? wire.FieldId : wire.DisplayName,
        wire.Kind switch
        {
            V1.TicketFieldKind.Text => TicketFieldKind.Text,
            V1.TicketFieldKind.Number => TicketFieldKind.Number,
            V1.TicketFieldKind.DropDown => TicketFieldKind.DropDown,
            V1.TicketFieldKind.Checkbox => TicketFieldKind.Checkbox,
            _ => throw new ArgumentOutOfRangeException(nameof(wire), wire.Kind, "Validated before mapping."),
        },
        wire.Options.ToArray());

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
        InternalNote = entry.Internal,
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
            Priority = ToWire(ticket.Priority),
            Subject = ticket.Subject,
            SlaPolicyId = ticket.SlaPolicyId ?? "",
            Csat = ticket.Csat is { } csat ? ToWire(csat) : null,
            MergedIntoTicketId = ticket.MergedIntoTicketId ?? "",
        };
        wire.MergedFromTicketIds.AddRange(ticket.MergedFromTicketIds);
        wire.SideConversations.AddRange(ticket.SideConversations.Select(ToWire));
        wire.SlaTargets.AddRange(ticket.Sla.Select(ToWire));
        wire.Transcript.AddRange(ticket.Transcript.Select(ToWire));
        wire.Tags.AddRange(ticket.Tags);
        foreach (var (fieldId, value) in ticket.CustomFields)
        {
            wire.CustomFields[fieldId] = value;
        }
        return wire;
    }

    public static V1.SlaTarget ToWire(SlaTargetView target) => new()
    {
        Metric = target.Metric switch
        {
            SlaMetric.FirstReply => V1.SlaMetric.FirstReply,
            SlaMetric.NextReply => V1.SlaMetric.NextReply,
            SlaMetric.Resolution => V1.SlaMetric.Resolution,
            _ => V1.SlaMetric.Unspecified,
        },
        Target = Duration.FromTimeSpan(target.Target),
        DueAt = target.DueAt is { } due ? ToWire(due) : null,
        Paused = target.Paused,
        Elapsed = Duration.FromTimeSpan(target.Elapsed),
        FulfilledAt = target.FulfilledAt is { } fulfilled ? ToWire(fulfilled) : null,
        Breached = target.Breached,
    };

    public static V1.SlaPolicy ToWire(SlaPolicy policy)
    {
        var wire = new V1.SlaPolicy
        {
            PolicyId = policy.PolicyId,
            Title = policy.Title,
            FirstReply = policy.FirstReply is { } firstReply ? Duration.FromTimeSpan(firstReply) : null,
            NextReply = policy.NextReply is { } nextReply ? Duration.FromTimeSpan(nextReply) : null,
            Resolution = policy.Resolution is { } resolution ? Duration.FromTimeSpan(resolution) : null,
            WarnBefore = policy.WarnBefore > TimeSpan.Zero ? Duration.FromTimeSpan(policy.WarnBefore) : null,
            BreachPriority = policy.BreachPriority is { } raised ? ToWire(raised) : V1.TicketPriority.Unspecified,
            BusinessHours = policy.BusinessHours is { } hours ? BusinessHoursWire.ToWire(hours) : null,
        };
        wire.Priorities.AddRange(policy.Priorities.Select(ToWire));
        wire.QueueIds.AddRange(policy.QueueIds);
        wire.Channels.AddRange(policy.Channels.Select(ToWire));
        wire.Brands.AddRange(policy.Brands ?? []);
        return wire;
    }

    public static SlaPolicy ToDomain(V1.SlaPolicy wire) => new(
        wire.PolicyId,
        string.IsNullOrWhiteSpace(wire.Title) ? wire.PolicyId : wire.Title,
        wire.Priorities.Select(ToDomain).ToArray(),
        wire.QueueIds.ToArray(),
        wire.Channels.Select(ToDomain).ToArray(),
        wire.FirstReply?.ToTimeSpan(),
        wire.NextReply?.ToTimeSpan(),
        wire.Resolution?.ToTimeSpan(),
        wire.WarnBefore?.ToTimeSpan() ?? TimeSpan.Zero,
        wire.BreachPriority == V1.TicketPriority.Unspecified ? null : ToDomain(wire.BreachPriority),
        wire.BusinessHours is { } hours ? BusinessHoursWire.ToDomain(hours) : null,
        wire.Brands.ToArray());

    public static V1.TicketAuditEntry ToWire(AuditEntry entry) => new()
    {
        Sequence = entry.Sequence,
        At = ToWire(entry.At),
        Kind = entry.Kind,
        Actor = entry.Actor,
        Summary = entry.Summary,
    };

    public static V1.TicketSummary ToWire(TicketSummary ticket) => new()
    {
        TicketId = ticket.TicketId,
        Status = ToWire(ticket.Status),
        Priority = ToWire(ticket.Priority),
        Channel = ToWire(ticket.Channel),
        Subject = ticket.Subject,
        Preview = ticket.Preview,
        AssigneeAgentId = ticket.AssigneeAgentId ?? "",
        CreatedAt = ToWire(ticket.CreatedAt),
        UpdatedAt = ToWire(ticket.UpdatedAt),
    };

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
        Kind = delivery.Kind switch
        {
            OutboundKind.CsatSurvey => V1.OutboundKind.CsatSurvey,
            OutboundKind.SideConversation => V1.OutboundKind.SideConversation,
            _ => V1.OutboundKind.Message,
        },
        CsatSurveyId = delivery.CsatSurveyId ?? "",
        SideConversationId = delivery.SideConversationId ?? "",
        Subject = delivery.Subject ?? "",
    };

    public static V1.CsatSettings ToWire(CsatSettings settings)
    {
        var wire = new V1.CsatSettings { Enabled = settings.Enabled };
        wire.Channels.AddRange(settings.Channels.Select(ToWire));
        return wire;
    }

    public static CsatSettings ToDomain(V1.CsatSettings settings) =>
        new(settings.Enabled, settings.Channels.Select(ToDomain).Distinct().ToArray());

    public static V1.SideConversation ToWire(SideConversationView thread)
    {
        var wire = new V1.SideConversation
        {
            SideConversationId = thread.SideConversationId,
            AdapterId = thread.AdapterId,
            Channel = ToWire(thread.Channel),
            RecipientAddress = thread.RecipientAddress,
            Subject = thread.Subject,
            Open = thread.Open,
            StartedByAgentId = thread.StartedByAgentId,
            StartedAt = ToWire(thread.StartedAt),
        };
        wire.Messages.AddRange(thread.Messages.Select(ToWire));
        return wire;
    }

    public static V1.SideConversationMessage ToWire(SideConversationEntry message) => new()
    {
        Sequence = message.Sequence,
        AgentId = message.AgentId ?? "",
        SenderAddress = message.SenderAddress ?? "",
        Body = message.Body,
        SentAt = ToWire(message.SentAt),
    };

    public static V1.MergedTranscript ToMergedTranscript(TicketView merged)
    {
        var wire = new V1.MergedTranscript { TicketId = merged.TicketId };
        wire.Transcript.AddRange(merged.Transcript.Select(ToWire));
        return wire;
    }

    public static V1.Csat ToWire(CsatView csat) => new()
    {
        PendingSurveyId = csat.PendingSurveyId ?? "",
        Rating = csat.Rating ?? 0,
        Comment = csat.Comment ?? "",
        AgentId = csat.AgentId ?? "",
        RatedAt = csat.RatedAt is { } at ? ToWire(at) : null,
    };

    public static V1.InboundAck ToWire(string adapterMessageId, InboundReceipt receipt) => new()
    {
        AdapterMessageId = adapterMessageId,
        TicketId = receipt.TicketId,
        Sequence = receipt.Sequence,
        CustomerId = receipt.CustomerId,
        Duplicate = receipt.Duplicate,
    };

    public static V1.StreamDeskResponse ToWire(DeskEvent deskEvent) => deskEvent switch
    {
        OfferMade made => new() { Offer = ToWire(made.Offer) },
        OfferWithdrawn withdrawn => new() { OfferWithdrawn = new V1.OfferWithdrawn { TicketId = withdrawn.TicketId, Reason = withdrawn.Reason } },
        TicketAssigned assigned => new() { TicketAssigned = new V1.TicketAssigned { Ticket = ToWire(assigned.Ticket) } },
        TicketMessageAdded added => new() { TicketMessage = new V1.TicketMessage { TicketId = added.TicketId, Message = ToWire(added.Message) } },
        SideConversationMessageAdded added => new()
        {
            SideConversationMessage = new V1.SideConversationUpdate
            {
                TicketId = added.TicketId, SideConversationId = added.SideConversationId, Message = ToWire(added.Message),
            },
        },
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
            Ordering = queue.Ordering == QueueOrdering.NearestSlaBreach ? V1.QueueOrdering.NearestSlaBreach : V1.QueueOrdering.LongestWaiting,
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
        Ordering = wire.Ordering == V1.QueueOrdering.NearestSlaBreach ? QueueOrdering.NearestSlaBreach : QueueOrdering.LongestWaiting,
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

    public static V1.Role ToWire(CallerRole role) => role switch
    {
        CallerRole.Adapter => V1.Role.Adapter,
        CallerRole.Agent => V1.Role.Agent,
        CallerRole.Supervisor => V1.Role.Supervisor,
        CallerRole.Admin => V1.Role.Admin,
        _ => V1.Role.Unspecified,
    };

    public static CallerRole ToDomain(V1.Role role) => role switch
    {
        V1.Role.Adapter => CallerRole.Adapter,
        V1.Role.Agent => CallerRole.Agent,
        V1.Role.Supervisor => CallerRole.Supervisor,
        V1.Role.Admin => CallerRole.Admin,
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "Validated before mapping."),
    };

    public static V1.ApiKey ToWire(ApiKeyRecord key) => new()
    {
        KeyId = key.KeyId,
        Name = key.Name,
        Role = ToWire(key.Role),
        AdapterId = key.AdapterId ?? "",
        AgentId = key.AgentId ?? "",
        CreatedAt = ToWire(key.CreatedAt),
        RevokedAt = key.RevokedAt is { } revoked ? ToWire(revoked) : null,
    };

    public static V1.WaitingTicket ToWire(QueueEntryView entry) => new()
    {
        TicketId = entry.Ticket.TicketId,
        Channel = ToWire(entry.Ticket.Channel),
        WaitingSince = ToWire(entry.Ticket.WaitingSince),
        OfferedToAgentId = entry.OfferedToAgentId ?? "",
    };
}
