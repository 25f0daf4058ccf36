namespace Switchboard.Silo.Reports;

/// <summary>
/// One ticket log row as reports read it: the kind, the time, and the few payload fields a figure needs, pulled
/// out of the JSON by the database. NewStatus is the status an "updated" or "macro_applied" row set, if any;
/// PublicReply is whether a "macro_applied" row sent the customer a reply.
/// </summary>
public sealed record ReportEvent(
    string TicketId,
    string Kind,
    DateTimeOffset At,
    string? QueueId,
    string? AgentId,
    string? PolicyId,
    string? NewStatus,
    bool PublicReply,
    int? Rating)
{
    /// <summary>The kinds reports read, as an SQL list; the stores select only these.</summary>
    public const string KindsSql =
        "'opened', 'queued', 'assigned', 'agent_reply', 'macro_applied', 'updated', 'solved', 'transferred', 'unassigned', " +
        "'closed', 'sla_policy_applied', 'sla_breached', 'csat_rated', 'abandoned'";
}
