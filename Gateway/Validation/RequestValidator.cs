using Switchboard.Gateway.Errors;
using Switchboard.V1;
using V1 = Switchboard.V1;

namespace Switchboard.Gateway.Validation;

/// <summary>The one place each request message is checked; every rejection names the field and why.</summary>
public static class RequestValidator
{
    public static void Validate(InboundMessage message, string prefix = "")
    {
        if (message.Channel == V1.Channel.Unspecified || !Enum.IsDefined(message.Channel))
        {
            RpcErrors.ThrowInvalid(prefix + "channel", "must be one of CHANNEL_CHAT, CHANNEL_EMAIL, CHANNEL_VOICE, CHANNEL_SMS, CHANNEL_SOCIAL");
        }
        External(prefix + "conversation_id", message.ConversationId);
        External(prefix + "adapter_message_id", message.AdapterMessageId);
        External(prefix + "sender_address", message.SenderAddress);
        Body(prefix + "body", message.Body);
        if (message.SenderName.Length > IdRules.MaxExternalIdLength)
        {
            RpcErrors.ThrowInvalid(prefix + "sender_name", $"is longer than {IdRules.MaxExternalIdLength} characters");
        }
        if (message.Language.Length > 0)
        {
            Language(prefix + "language", message.Language);
        }
        if (message.Brand.Length > 0)
        {
            Name(prefix + "brand", message.Brand);
        }
        if (message.SentAt is { } sentAt && (sentAt.Seconds < 0 || sentAt.Nanos is < 0 or > 999_999_999))
        {
            RpcErrors.ThrowInvalid(prefix + "sent_at", "is not a valid timestamp");
        }
    }

    public static void Name(string field, string value)
    {
        if (IdRules.CheckName(value) is { } problem)
        {
            RpcErrors.ThrowInvalid(field, problem);
        }
    }

    public static void External(string field, string value)
    {
        if (IdRules.CheckExternal(value) is { } problem)
        {
            RpcErrors.ThrowInvalid(field, problem);
        }
    }

    public static void Body(string field, string value)
    {
        if (MessageRules.CheckBody(value) is { } problem)
        {
            RpcErrors.ThrowInvalid(field, problem);
        }
    }

    public static void Validate(AgentProfile agent)
    {
        if (agent is null)
        {
            RpcErrors.ThrowInvalid("agent", "is required");
        }
        Name("agent.agent_id", agent.AgentId);
        if (agent.DisplayName.Length > IdRules.MaxNameLength * 2)
        {
            RpcErrors.ThrowInvalid("agent.display_name", $"is longer than {IdRules.MaxNameLength * 2} characters");
        }
        var seen = new HashSet<V1.Channel>();
        for (var i = 0; i < agent.Capacities.Count; i++)
        {
            var capacity = agent.Capacities[i];
            if (capacity.Channel == V1.Channel.Unspecified || !Enum.IsDefined(capacity.Channel))
            {
                RpcErrors.ThrowInvalid($"agent.capacities[{i}].channel", "must name a channel");
            }
            if (!seen.Add(capacity.Channel))
            {
                RpcErrors.ThrowInvalid($"agent.capacities[{i}].channel", $"{capacity.Channel} is listed twice");
            }
            if (capacity.MaxTickets is < 0 or > 100)
            {
                RpcErrors.ThrowInvalid($"agent.capacities[{i}].max_tickets", "must be between 0 and 100");
            }
        }
        for (var i = 0; i < agent.QueueIds.Count; i++)
        {
            Name($"agent.queue_ids[{i}]", agent.QueueIds[i]);
        }
        Skills("agent.skills", agent.Skills);
        for (var i = 0; i < agent.Languages.Count; i++)
        {
            Language($"agent.languages[{i}]", agent.Languages[i]);
        }
        for (var i = 0; i < agent.QueuePriorities.Count; i++)
        {
            Name($"agent.queue_priorities[{i}].queue_id", agent.QueuePriorities[i].QueueId);
            if (agent.QueuePriorities[i].Priority is < 1 or > 100)
            {
                RpcErrors.ThrowInvalid($"agent.queue_priorities[{i}].priority", "must be between 1 and 100");
            }
        }
        for (var i = 0; i < agent.WrapUps.Count; i++)
        {
            Channel($"agent.wrap_ups[{i}].channel", agent.WrapUps[i].Channel);
            if (agent.WrapUps[i].Duration is not { } d || d.Seconds < 0 || d.Seconds > 3600 || d.Nanos < 0)
            {
                RpcErrors.ThrowInvalid($"agent.wrap_ups[{i}].duration", "must be between 0 and 1 hour");
            }
        }
        if (agent.ExclusiveChannels is { } exclusive)
        {
            for (var i = 0; i < exclusive.Channels.Count; i++)
            {
                Channel($"agent.exclusive_channels.channels[{i}]", exclusive.Channels[i]);
            }
        }
    }

    public static void Validate(QueueConfig queue)
    {
        if (queue is null)
        {
            RpcErrors.ThrowInvalid("queue", "is required");
        }
        Name("queue.queue_id", queue.QueueId);
        if (queue.DisplayName.Length > IdRules.MaxNameLength * 2)
        {
            RpcErrors.ThrowInvalid("queue.display_name", $"is longer than {IdRules.MaxNameLength * 2} characters");
        }
        Skills("queue.required_skills", queue.RequiredSkills);
        if (queue.ServiceLevelTarget is { } target && (target.Seconds < 1 || target.Nanos < 0 || target.Seconds > 24 * 3600))
        {
            RpcErrors.ThrowInvalid("queue.service_level_target", "must be between 1 second and 1 day");
        }
        for (var i = 0; i < queue.Escalations.Count; i++)
        {
            var step = queue.Escalations[i];
            var field = $"queue.escalations[{i}]";
            if (step.After is not { } after || after.Seconds < 0 || after.Nanos < 0 || after.Seconds > 7 * 24 * 3600)
            {
                RpcErrors.ThrowInvalid(field + ".after", "must be between 0 and 7 days");
            }
            switch (step.Action)
            {
                case EscalationAction.RaisePriority when step.PriorityIncrease is < 1 or > 100:
                    RpcErrors.ThrowInvalid(field + ".priority_increase", "must be between 1 and 100 to raise priority");
                    break;
                case EscalationAction.Overflow:
                    Name(field + ".overflow_queue_id", step.OverflowQueueId);
                    break;
                case EscalationAction.RaisePriority:
                case EscalationAction.RelaxSkills:
                    break;
                default:
                    RpcErrors.ThrowInvalid(field + ".action", "must be RAISE_PRIORITY, RELAX_SKILLS or OVERFLOW");
                    break;
            }
        }
    }

    public static void Validate(V1.RoutingRule rule, string field)
    {
        Name(field + ".queue_id", rule.QueueId);
        if (rule.Channel != V1.Channel.Unspecified)
        {
            Channel(field + ".channel", rule.Channel);
        }
        if (rule.Language.Length > 0)
        {
            Language(field + ".language", rule.Language);
        }
        if (rule.Brand.Length > 0)
        {
            Name(field + ".brand", rule.Brand);
        }
    }

    public static void Presence(string field, V1.Presence presence)
    {
        if (presence == V1.Presence.Unspecified || !Enum.IsDefined(presence))
        {
            RpcErrors.ThrowInvalid(field, "must be PRESENCE_AVAILABLE, PRESENCE_AWAY or PRESENCE_OFFLINE");
        }
    }

    /// <summary>Where a transferred or reassigned ticket goes: a queue, an agent, or both.</summary>
    public static void TransferTarget(string targetQueueId, string targetAgentId)
    {
        if (targetQueueId.Length == 0 && targetAgentId.Length == 0)
        {
            RpcErrors.ThrowInvalid("target_queue_id", "name a target queue, a target agent, or both");
        }
        if (targetQueueId.Length > 0)
        {
            Name("target_queue_id", targetQueueId);
        }
        if (targetAgentId.Length > 0)
        {
            Name("target_agent_id", targetAgentId);
        }
    }

    public static void Channel(string field, V1.Channel channel)
    {
        if (channel == V1.Channel.Unspecified || !Enum.IsDefined(channel))
        {
            RpcErrors.ThrowInvalid(field, "must name a channel (CHANNEL_CHAT, CHANNEL_EMAIL, CHANNEL_VOICE, CHANNEL_SMS, CHANNEL_SOCIAL)");
        }
    }

    public static void Language(string field, string tag)
    {
        if (!IdRules.IsLanguageTag(tag))
        {
            RpcErrors.ThrowInvalid(field, $"'{tag}' is not a language tag like 'en' or 'pt-BR'");
        }
    }

    private static void Skills(string field, IList<V1.Skill> skills)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < skills.Count; i++)
        {
            Name($"{field}[{i}].name", skills[i].Name);
            if (!seen.Add(skills[i].Name))
            {
                RpcErrors.ThrowInvalid($"{field}[{i}].name", $"'{skills[i].Name}' is listed twice");
            }
            if (skills[i].Proficiency is < 1 or > 5)
            {
                RpcErrors.ThrowInvalid($"{field}[{i}].proficiency", "must be between 1 and 5");
            }
        }
    }
}
