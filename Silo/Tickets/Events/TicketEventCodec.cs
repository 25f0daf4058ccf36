using System.Text.Json;
using System.Text.Json.Serialization;
using Switchboard.Silo.Storage;

namespace Switchboard.Silo.Tickets.Events;

/// <summary>Turns ticket events into stored rows and back.</summary>
public static class TicketEventCodec
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        // A redacted row rewritten by PostgreSQL's jsonb functions may have its "$kind" anywhere.
        AllowOutOfOrderMetadataProperties = true,
    };

    public static StoredEvent Encode(long sequence, TicketEvent ticketEvent)
    {
        var payload = JsonSerializer.Serialize(ticketEvent, Options);
        return new StoredEvent(sequence, KindOf(ticketEvent), ticketEvent.At, payload);
    }

    public static TicketEvent Decode(StoredEvent stored) =>
        JsonSerializer.Deserialize<TicketEvent>(stored.Payload, Options)
        ?? throw new InvalidDataException($"Ticket event {stored.Sequence} ({stored.Kind}) is empty.");

    public static string KindOf(TicketEvent ticketEvent) => ticketEvent switch
    {
        TicketOpened => "opened",
        CustomerMessageReceived => "customer_message",
        AgentReplied => "agent_reply",
        TicketQueued => "queued",
        TicketAssignedTo => "assigned",
        TicketSolved => "solved",
        TicketReopened => "reopened",
        TicketClosed => "closed",
        CustomerErased => "customer_erased",
        TicketTransferred => "transferred",
        TicketUnassigned => "unassigned",
        TicketUpdated => "updated",
        InternalNoteAdded => "internal_note",
        MacroApplied => "macro_applied",
        SlaPolicyApplied => "sla_policy_applied",
        SlaWarned => "sla_warning",
        SlaBreached => "sla_breached",
        WaitingTicketReprioritized => "waiting_reprioritized",
        CsatSurveySent => "csat_survey_sent",
        CsatRated => "csat_rated",
        TicketMergedInto => "merged_into",
        TicketMergedFrom => "merged_from",
        SideConversationStarted => "side_conversation_started",
        SideConversationReplied => "side_conversation_reply",
        SideConversationMessageReceived => "side_conversation_message",
        SideConversationClosed => "side_conversation_closed",
        TicketAbandoned => "abandoned",
        _ => throw new ArgumentOutOfRangeException(nameof(ticketEvent), ticketEvent.GetType().Name, "Unknown ticket event."),
    };
}
