using System.Globalization;
using Switchboard.Contracts.Tickets;
using Switchboard.Silo.Tickets.Events;

namespace Switchboard.Silo.Tickets;

/// <summary>Turns log events into audit entries people can read: who did what. Never quotes message bodies.</summary>
public static class TicketAudit
{
    public const string System = "system";

    public static AuditEntry Describe(long sequence, TicketEvent ticketEvent, string customerId)
    {
        var customer = $"customer:{customerId}";
        var (actor, summary) = ticketEvent switch
        {
            TicketOpened opened => (customer, $"opened on {opened.Channel}" + (opened.FollowUpOf is { } previous ? $" as a follow-up of {previous}" : "")),
            CustomerMessageReceived => (customer, "customer message"),
            AgentReplied reply => (Agent(reply.AgentId), "public reply"),
            TicketQueued queued => (System, $"queued in '{queued.QueueId}'" + (queued.TargetAgentId is { } target ? $" for {target}" : "")),
            TicketAssignedTo assigned => (Agent(assigned.AgentId), $"assigned to {assigned.AgentId}"),
            TicketSolved solved => (Agent(solved.AgentId), "status Solved"),
            TicketReopened => (customer, "reopened by a customer message"),
            TicketClosed closed => (System, closed.Automatic ? "closed automatically after the solve" : "closed"),
            TicketTransferred transferred => (Agent(transferred.FromAgentId), $"transferred to queue '{transferred.QueueId}'" + (transferred.ToAgentId is { } to ? $" for {to}" : "")),
            TicketUnassigned unassigned => (System, $"unassigned from {unassigned.AgentId}: {unassigned.Reason}"),
            TicketUpdated updated => (updated.AgentId is { } agentId ? Agent(agentId) : System, Changes(updated.Changes)),
            InternalNoteAdded note => (Agent(note.AgentId), "internal note"),
            MacroApplied macro => (Agent(macro.AgentId), $"macro '{macro.MacroId}': " + string.Join("; ",
                new[] { macro.Reply is null ? null : "public reply", macro.Changes.IsEmpty ? null : Changes(macro.Changes) }.OfType<string>())),
            CsatSurveySent survey => (System, $"satisfaction survey sent about {survey.AgentId}"),
            CsatRated rated => (customer, $"rated {rated.Rating}/5" + (rated.Comment is null ? "" : " with a comment")),
            TicketMergedInto merged => (Agent(merged.AgentId), $"merged into {merged.TargetTicketId}"),
            TicketMergedFrom merged => (Agent(merged.AgentId), $"{merged.SourceTicketId} merged into this ticket"),
            SideConversationStarted started => (Agent(started.AgentId), $"side conversation {started.SideConversationId} started with {started.RecipientAddress} on {started.Channel}"),
            SideConversationReplied replied => (Agent(replied.AgentId), $"message in side conversation {replied.SideConversationId}"),
            SideConversationMessageReceived received => ($"third_party:{received.SenderAddress}", $"reply in side conversation {received.SideConversationId}"),
            SideConversationClosed closedThread => (Agent(closedThread.AgentId), $"side conversation {closedThread.SideConversationId} closed"),
            TicketAbandoned abandoned => (customer, $"abandoned while waiting in '{abandoned.QueueId}'"),
            CustomerErased => (System, "the customer's personal data was erased"),
            _ => (System, ticketEvent.GetType().Name),
        };
        return new AuditEntry(sequence, ticketEvent.At, TicketEventCodec.KindOf(ticketEvent), actor, summary);
    }

    /// <summary>"status Pending; priority High; tags +refund -new; reason = lost; subject 'Refund'".</summary>
    public static string Changes(TicketChanges changes)
    {
        var parts = new List<string>();
        if (changes.Status is { } status)
        {
            parts.Add($"status {status}");
        }
        if (changes.Priority is { } priority)
        {
            parts.Add($"priority {priority}");
        }
        if (changes.AddTags.Count + changes.RemoveTags.Count > 0)
        {
            parts.Add("tags " + string.Join(" ", changes.AddTags.Select(t => "+" + t).Concat(changes.RemoveTags.Select(t => "-" + t))));
        }
        parts.AddRange(changes.Fields.Select(f => f.Value.Length == 0 ? $"{f.Key} cleared" : $"{f.Key} = {f.Value}"));
        if (changes.Subject is { } subject)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"subject '{subject}'"));
        }
        return string.Join("; ", parts);
    }

    private static string Agent(string agentId) => $"agent:{agentId}";
}
