using System.Diagnostics;

namespace Switchboard.Contracts.Telemetry;

/// <summary>Switchboard's own spans (the "Switchboard" activity source); Orleans and ASP.NET Core add theirs around them.</summary>
public static class SwitchboardTracing
{
    public const string SourceName = "Switchboard";

    public static readonly ActivitySource Source = new(SourceName);

    /// <summary>A customer message through the gateway: validation, customer lookup, the ticket's append, the ack.</summary>
    public static Activity? StartInbound(string tenant, string adapterId, string conversationId) =>
        Source.StartActivity("inbound receive")?
            .SetTag("switchboard.tenant", tenant).SetTag("switchboard.adapter_id", adapterId).SetTag("switchboard.conversation_id", conversationId);

    /// <summary>Events appended to a ticket's log in storage.</summary>
    public static Activity? StartTicketAppend(string tenant, string ticketId, int events) =>
        Source.StartActivity("ticket_log append", ActivityKind.Client)?
            .SetTag("switchboard.tenant", tenant).SetTag("switchboard.ticket_id", ticketId).SetTag("switchboard.events", events);

    /// <summary>A reply stored in an adapter's outbox for delivery.</summary>
    public static Activity? StartOutboundEnqueue(string ticketId, long ticketSequence) =>
        Source.StartActivity("outbox enqueue", ActivityKind.Producer)?
            .SetTag("switchboard.ticket_id", ticketId).SetTag("switchboard.ticket_sequence", ticketSequence);
}
