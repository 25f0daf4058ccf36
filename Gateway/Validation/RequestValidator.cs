using Switchboard.Gateway.Errors;
using Switchboard.V1;

namespace Switchboard.Gateway.Validation;

/// <summary>The one place each request message is checked; every rejection names the field and why.</summary>
public static class RequestValidator
{
    // The last second a Timestamp can convert to a DateTimeOffset (9999-12-31T23:59:59Z); later ones throw when mapped.
    private const long MaxTimestampSeconds = 253_402_300_799;

    public static void Validate(InboundMessage message, string prefix = "")
    {
        if (message.Channel == Channel.Unspecified || !Enum.IsDefined(message.Channel))
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
        var seen = new HashSet<Channel>();
        for (var i = 0; i < agent.Capacities.Count; i++)
        {
            var capacity = agent.Capacities[i];
            if (capacity.Channel == Channel.Unspecified || !Enum.IsDefined(capacity.Channel))
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
    }
}
