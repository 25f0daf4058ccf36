using Switchboard.Contracts.Reports;
using Switchboard.Gateway.Errors;
using Switchboard.Gateway.Mapping;
using Switchboard.V1;
using V1 = Switchboard.V1;

namespace Switchboard.Gateway.Validation;

/// <summary>The one place each request message is checked; every rejection names the field and why.</summary>
public static class RequestValidator
{
    // The last second a Timestamp can convert to a DateTimeOffset (9999-12-31T23:59:59Z); later ones throw when mapped.
    private const long MaxTimestampSeconds = 253_402_300_799;

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
        if (message.SentAt is { } sentAt && (sentAt.Seconds is < 0 or > MaxTimestampSeconds || sentAt.Nanos is < 0 or > 999_999_999))
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

    /// <summary>The longest satisfaction comment accepted, in characters.</summary>
    public const int MaxCsatCommentLength = 2000;

    public static void Validate(SubmitCsatRatingRequest request)
    {
        Name("adapter_id", request.AdapterId);
        Name("ticket_id", request.TicketId);
        Name("survey_id", request.SurveyId);
        if (request.Rating is < 1 or > 5)
        {
            RpcErrors.ThrowInvalid("rating", $"is {request.Rating}; a rating is 1 (poor) to 5 (great)");
        }
        if (request.Comment.Length > MaxCsatCommentLength)
        {
            RpcErrors.ThrowInvalid("comment", $"is {request.Comment.Length} characters; at most {MaxCsatCommentLength} are allowed");
        }
        if (!string.IsNullOrWhiteSpace(request.Comment))
        {
            Body("comment", request.Comment);
        }
    }

    public static void Validate(MergeTicketsRequest request)
    {
        Name("agent_id", request.AgentId);
        Name("source_ticket_id", request.SourceTicketId);
        Name("target_ticket_id", request.TargetTicketId);
        if (request.SourceTicketId == request.TargetTicketId)
        {
            RpcErrors.ThrowInvalid("target_ticket_id", "is the source ticket itself; name two different tickets");
        }
    }

    public static void Validate(StartSideConversationRequest request)
    {
        Name("agent_id", request.AgentId);
        Name("ticket_id", request.TicketId);
        Name("adapter_id", request.AdapterId);
        Channel("channel", request.Channel);
        External("recipient_address", request.RecipientAddress);
        if (string.IsNullOrWhiteSpace(request.Subject))
        {
            RpcErrors.ThrowInvalid("subject", "is required; say what the side conversation is about");
        }
        Subject("subject", request.Subject);
        Body("body", request.Body);
    }

    public static void Validate(SubmitSideConversationMessageRequest request)
    {
        Name("adapter_id", request.AdapterId);
        Name("ticket_id", request.TicketId);
        Name("side_conversation_id", request.SideConversationId);
        External("adapter_message_id", request.AdapterMessageId);
        External("sender_address", request.SenderAddress);
        Body("body", request.Body);
        if (request.SentAt is { } sentAt && (sentAt.Seconds is < 0 or > MaxTimestampSeconds || sentAt.Nanos is < 0 or > 999_999_999))
        {
            RpcErrors.ThrowInvalid("sent_at", "is not a valid timestamp");
        }
    }

    public static void Validate(V1.CsatSettings settings)
    {
        if (settings is null)
        {
            RpcErrors.ThrowInvalid("settings", "is required");
        }
        for (var i = 0; i < settings.Channels.Count; i++)
        {
            Channel($"settings.channels[{i}]", settings.Channels[i]);
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
        if (!Enum.IsDefined(queue.Ordering))
        {
            RpcErrors.ThrowInvalid("queue.ordering", "must be QUEUE_ORDERING_LONGEST_WAITING or QUEUE_ORDERING_NEAREST_SLA_BREACH");
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

    public static void Validate(CreateApiKeyRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > IdRules.MaxNameLength * 2)
        {
            RpcErrors.ThrowInvalid("name", $"is required, at most {IdRules.MaxNameLength * 2} characters, so the key can be recognised in a list");
        }
        Role("role", request.Role);
        if (request.Role == V1.Role.Adapter)
        {
            Name("adapter_id", request.AdapterId);
        }
        if (request.Role == V1.Role.Agent)
        {
            Name("agent_id", request.AgentId);
        }
    }

    public static void Validate(CreateAccessTokenRequest request)
    {
        Role("role", request.Role);
        if (request.Role == V1.Role.Adapter)
        {
            RpcErrors.ThrowInvalid("role", "adapters use API keys, not bearer tokens");
        }
        if (request.Role == V1.Role.Agent)
        {
            Name("agent_id", request.AgentId);
        }
        if (request.ValidFor is { } validFor && (validFor.Seconds <= 0 || validFor.Nanos < 0 || validFor.Seconds > 7 * 24 * 3600))
        {
            RpcErrors.ThrowInvalid("valid_for", "must be more than 0 and at most 7 days");
        }
    }

    public static void Role(string field, V1.Role role)
    {
        if (role == V1.Role.Unspecified || !Enum.IsDefined(role))
        {
            RpcErrors.ThrowInvalid(field, "must be ROLE_ADAPTER, ROLE_AGENT, ROLE_SUPERVISOR or ROLE_ADMIN");
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

    /// <summary>The longest ticket subject accepted.</summary>
    public const int MaxSubjectLength = 256;

    public static void Validate(UpdateTicketRequest request)
    {
        Name("agent_id", request.AgentId);
        Name("ticket_id", request.TicketId);
        if (request.Status != V1.TicketStatus.Unspecified && !Enum.IsDefined(request.Status))
        {
            RpcErrors.ThrowInvalid("status", "is not a ticket status");
        }
        Priority("priority", request.Priority, optional: true);
        Tags("add_tags", request.AddTags);
        Tags("remove_tags", request.RemoveTags);
        if (request.AddTags.Intersect(request.RemoveTags, StringComparer.Ordinal).FirstOrDefault() is { } both)
        {
            RpcErrors.ThrowInvalid("remove_tags", $"'{both}' is both added and removed");
        }
        CustomFields("custom_fields", request.CustomFields);
        if (request.HasSubject)
        {
            Subject("subject", request.Subject);
        }
        if (request.Status == V1.TicketStatus.Unspecified && request.Priority == V1.TicketPriority.Unspecified && request.AddTags.Count == 0
            && request.RemoveTags.Count == 0 && request.CustomFields.Count == 0 && !request.HasSubject)
        {
            RpcErrors.ThrowInvalid("status", "the request changes nothing; set a status, priority, tags, custom fields or a subject");
        }
    }

    public static void Validate(TicketField field)
    {
        if (field is null)
        {
            RpcErrors.ThrowInvalid("field", "is required");
        }
        Name("field.field_id", field.FieldId);
        if (field.DisplayName.Length > IdRules.MaxNameLength * 2)
        {
            RpcErrors.ThrowInvalid("field.display_name", $"is longer than {IdRules.MaxNameLength * 2} characters");
        }
        if (field.Kind == TicketFieldKind.Unspecified || !Enum.IsDefined(field.Kind))
        {
            RpcErrors.ThrowInvalid("field.kind", "must be TEXT, NUMBER, DROP_DOWN or CHECKBOX");
        }
        if (field.Kind == TicketFieldKind.DropDown && field.Options.Count == 0)
        {
            RpcErrors.ThrowInvalid("field.options", "a drop-down needs at least one option");
        }
        if (field.Kind != TicketFieldKind.DropDown && field.Options.Count > 0)
        {
            RpcErrors.ThrowInvalid("field.options", "only drop-down fields have options");
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < field.Options.Count; i++)
        {
            var option = field.Options[i];
            if (option.Length is 0 or > IdRules.MaxNameLength * 2 || option.Any(char.IsControl))
            {
                RpcErrors.ThrowInvalid($"field.options[{i}]", $"must be 1–{IdRules.MaxNameLength * 2} characters without control characters");
            }
            if (!seen.Add(option))
            {
                RpcErrors.ThrowInvalid($"field.options[{i}]", $"'{option}' is listed twice");
            }
        }
    }

    public static void Validate(V1.Macro macro)
    {
        if (macro is null)
        {
            RpcErrors.ThrowInvalid("macro", "is required");
        }
        Name("macro.macro_id", macro.MacroId);
        OneLine("macro.title", macro.Title, IdRules.MaxNameLength * 2);
        if (macro.ReplyTemplate.Length > 0)
        {
            Body("macro.reply_template", macro.ReplyTemplate);
        }
        if (macro.Status is not (V1.TicketStatus.Unspecified or V1.TicketStatus.Open or V1.TicketStatus.Pending or V1.TicketStatus.OnHold or V1.TicketStatus.Solved))
        {
            RpcErrors.ThrowInvalid("macro.status", "a macro may set Open, Pending, On-hold or Solved");
        }
        Priority("macro.priority", macro.Priority, optional: true);
        Tags("macro.add_tags", macro.AddTags);
        Tags("macro.remove_tags", macro.RemoveTags);
        CustomFields("macro.custom_fields", macro.CustomFields);
        if (macro.ReplyTemplate.Length == 0 && macro.Status == V1.TicketStatus.Unspecified && macro.Priority == V1.TicketPriority.Unspecified
            && macro.AddTags.Count == 0 && macro.RemoveTags.Count == 0 && macro.CustomFields.Count == 0)
        {
            RpcErrors.ThrowInvalid("macro.reply_template", "the macro does nothing; give it a reply or a change");
        }
    }

    public static void Validate(IList<V1.SlaPolicy> policies)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < policies.Count; i++)
        {
            var policy = policies[i];
            var field = $"policies[{i}]";
            Name(field + ".policy_id", policy.PolicyId);
            if (!seen.Add(policy.PolicyId))
            {
                RpcErrors.ThrowInvalid(field + ".policy_id", $"'{policy.PolicyId}' is listed twice");
            }
            OneLine(field + ".title", policy.Title, IdRules.MaxNameLength * 2);
            for (var p = 0; p < policy.Priorities.Count; p++)
            {
                Priority($"{field}.priorities[{p}]", policy.Priorities[p], optional: false);
            }
            for (var q = 0; q < policy.QueueIds.Count; q++)
            {
                Name($"{field}.queue_ids[{q}]", policy.QueueIds[q]);
            }
            for (var c = 0; c < policy.Channels.Count; c++)
            {
                Channel($"{field}.channels[{c}]", policy.Channels[c]);
            }
            for (var b = 0; b < policy.Brands.Count; b++)
            {
                Name($"{field}.brands[{b}]", policy.Brands[b]);
            }
            SlaDuration(field + ".first_reply", policy.FirstReply);
            SlaDuration(field + ".next_reply", policy.NextReply);
            SlaDuration(field + ".resolution", policy.Resolution);
            if (policy.FirstReply is null && policy.NextReply is null && policy.Resolution is null)
            {
                RpcErrors.ThrowInvalid(field + ".first_reply", "a policy needs at least one target (first reply, next reply or resolution)");
            }
            if (policy.WarnBefore is { } warn && (warn.Seconds < 0 || warn.Nanos < 0 || warn.Seconds > 365L * 24 * 3600))
            {
                RpcErrors.ThrowInvalid(field + ".warn_before", "must be between 0 and 365 days");
            }
            Priority(field + ".breach_priority", policy.BreachPriority, optional: true);
            if (policy.BusinessHours is { } hours)
            {
                Validate(field + ".business_hours", hours);
            }
        }
    }

    private const int MaxOpenIntervals = 7 * 8;
    private const int MaxHolidays = 1000;

    private static void Validate(string field, V1.BusinessHours hours)
    {
        if (hours.TimeZone.Length == 0)
        {
            RpcErrors.ThrowInvalid(field + ".time_zone", "is empty; give an IANA time zone id such as Europe/Berlin");
        }
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(hours.TimeZone, out _))
        {
            RpcErrors.ThrowInvalid(field + ".time_zone", $"'{hours.TimeZone}' is not a known time zone; give an IANA id such as Europe/Berlin or America/New_York");
        }
        if (hours.Open.Count is 0 or > MaxOpenIntervals)
        {
            RpcErrors.ThrowInvalid(field + ".open", $"needs 1 to {MaxOpenIntervals} open intervals (e.g. Monday 09:00-17:00); without business hours the clocks count around the clock");
        }
        var intervals = new List<(V1.Weekday Day, TimeSpan Start, TimeSpan End)>();
        for (var i = 0; i < hours.Open.Count; i++)
        {
            var open = hours.Open[i];
            var at = $"{field}.open[{i}]";
            if (open.Day == V1.Weekday.Unspecified || !Enum.IsDefined(open.Day))
            {
                RpcErrors.ThrowInvalid(at + ".day", "must be one of WEEKDAY_MONDAY ... WEEKDAY_SUNDAY");
            }
            if (!BusinessHoursWire.TryParseTime(open.Start, out var start) || start >= TimeSpan.FromDays(1))
            {
                RpcErrors.ThrowInvalid(at + ".start", $"'{open.Start}' is not a time of day; write HH:MM from 00:00 to 23:59");
            }
            if (!BusinessHoursWire.TryParseTime(open.End, out var end))
            {
                RpcErrors.ThrowInvalid(at + ".end", $"'{open.End}' is not a time of day; write HH:MM from 00:01 to 24:00");
            }
            if (end <= start)
            {
                RpcErrors.ThrowInvalid(at + ".end", $"{open.End} is not after the start {open.Start}; an interval ends later the same day (24:00 at the latest)");
            }
            var overlapped = intervals.FindIndex(o => o.Day == open.Day && o.Start < end && start < o.End);
            if (overlapped >= 0)
            {
                RpcErrors.ThrowInvalid(at, $"{open.Start}-{open.End} overlaps open[{overlapped}] on the same day; merge them into one interval");
            }
            intervals.Add((open.Day, start, end));
        }
        if (hours.Holidays.Count > MaxHolidays)
        {
            RpcErrors.ThrowInvalid(field + ".holidays", $"lists more than {MaxHolidays} days; remove past ones");
        }
        var days = new HashSet<DateOnly>();
        for (var i = 0; i < hours.Holidays.Count; i++)
        {
            if (!BusinessHoursWire.TryParseDate(hours.Holidays[i], out var day))
            {
                RpcErrors.ThrowInvalid($"{field}.holidays[{i}]", $"'{hours.Holidays[i]}' is not a date; write YYYY-MM-DD, e.g. 2026-12-25");
            }
            if (!days.Add(day))
            {
                RpcErrors.ThrowInvalid($"{field}.holidays[{i}]", $"{hours.Holidays[i]} is listed twice");
            }
        }
    }

    private static void SlaDuration(string field, Google.Protobuf.WellKnownTypes.Duration? target)
    {
        if (target is { } d && (d.Seconds < 0 || d.Nanos < 0 || (d.Seconds == 0 && d.Nanos == 0) || d.Seconds > 365L * 24 * 3600))
        {
            RpcErrors.ThrowInvalid(field, "must be more than zero and at most 365 days");
        }
    }

    public static void CustomFields(string field, IDictionary<string, string> values)
    {
        foreach (var (fieldId, value) in values)
        {
            Name($"{field}[{fieldId}]", fieldId);
            if (value.Length > 1024 || value.Any(c => char.IsControl(c) && c is not '\n' and not '\r' and not '\t'))
            {
                RpcErrors.ThrowInvalid($"{field}[{fieldId}]", "must be at most 1,024 characters without control characters");
            }
        }
    }

    /// <summary>The page size to use: the default for 0, refused outside 1–200.</summary>
    public static int PageSize(string field, int pageSize)
    {
        if (pageSize is < 0 or > PageTokens.MaxPageSize)
        {
            RpcErrors.ThrowInvalid(field, $"must be between 1 and {PageTokens.MaxPageSize} (0 means {PageTokens.DefaultPageSize})");
        }
        return pageSize == 0 ? PageTokens.DefaultPageSize : pageSize;
    }

    /// <summary>The position a page token holds; null for an empty token (the first page).</summary>
    public static long? PageToken(string field, string token)
    {
        if (token.Length == 0)
        {
            return null;
        }
        return PageTokens.Decode(token) ?? throw RpcErrors.Invalid(field, "is not a token from a previous response; omit it for the first page");
    }

    public static void Priority(string field, V1.TicketPriority priority, bool optional)
    {
        if ((priority == V1.TicketPriority.Unspecified && !optional) || !Enum.IsDefined(priority))
        {
            RpcErrors.ThrowInvalid(field, "must be TICKET_PRIORITY_LOW, _NORMAL, _HIGH or _URGENT");
        }
    }

    /// <summary>Tags one request may name; a ticket holds at most 100 in all (checked by the ticket).</summary>
    public const int MaxTagsPerRequest = 50;

    public static void Tags(string field, IList<string> tags)
    {
        if (tags.Count > MaxTagsPerRequest)
        {
            RpcErrors.ThrowInvalid(field, $"names {tags.Count} tags; at most {MaxTagsPerRequest} per request");
        }
        for (var i = 0; i < tags.Count; i++)
        {
            Name($"{field}[{i}]", tags[i]);
        }
    }

    public static void Subject(string field, string subject) => OneLine(field, subject, MaxSubjectLength);

    /// <summary>Titles and subjects: one line of text, not too long.</summary>
    public static void OneLine(string field, string value, int maxLength)
    {
        if (value.Length > maxLength || value.Any(char.IsControl))
        {
            RpcErrors.ThrowInvalid(field, $"must be at most {maxLength} characters on one line");
        }
    }

    /// <summary>A report's range, zone and grouping, as the query the silo runs; empty zone means UTC.</summary>
    public static ReportQuery Report(Google.Protobuf.WellKnownTypes.Timestamp? start, Google.Protobuf.WellKnownTypes.Timestamp? end, string timeZone, V1.ReportGrouping groupBy)
    {
        var from = RequiredTime("start_time", start);
        var to = RequiredTime("end_time", end);
        if (to <= from)
        {
            RpcErrors.ThrowInvalid("end_time", "must be after start_time");
        }
        if (to - from > ReportQuery.MaxRange)
        {
            RpcErrors.ThrowInvalid("end_time", $"must be at most {ReportQuery.MaxRange.TotalDays:0} days after start_time; ask for a longer period in parts");
        }
        var zone = timeZone.Length == 0 ? "UTC" : timeZone;
        if (ReportQuery.FindZone(zone) is null)
        {
            RpcErrors.ThrowInvalid("time_zone", $"'{(zone.Length > 64 ? zone[..64] + "..." : zone)}' is not a known IANA time zone; use one like Europe/Paris, America/New_York or UTC");
        }
        if (groupBy == V1.ReportGrouping.Unspecified || !Enum.IsDefined(groupBy))
        {
            RpcErrors.ThrowInvalid("group_by", "must be one of REPORT_GROUPING_DAY, REPORT_GROUPING_QUEUE, REPORT_GROUPING_AGENT");
        }
        return new ReportQuery(from, to, zone, ReportWire.ToDomain(groupBy));
    }

    private static DateTimeOffset RequiredTime(string field, Google.Protobuf.WellKnownTypes.Timestamp? time)
    {
        if (time is null)
        {
            RpcErrors.ThrowInvalid(field, "is required");
        }
        if (time.Seconds is < 0 or > MaxTimestampSeconds || time.Nanos is < 0 or > 999_999_999)
        {
            RpcErrors.ThrowInvalid(field, "is not a valid timestamp (1970 to 9999)");
        }
        return time.ToDateTimeOffset();
    }
}
