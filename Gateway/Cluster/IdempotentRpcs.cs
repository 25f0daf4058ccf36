namespace Switchboard.Gateway.Cluster;

/// <summary>
/// The unary RPCs a gateway may run a second time when a dead silo lost the first attempt: reads, writes that set a
/// value, and inbound messages that carry the adapter's own id (stored once however often they arrive). Not here,
/// so answered UNAVAILABLE instead: whatever appends (replies, notes), hands out or takes something (offers,
/// transfers, merges, keys), or could be refused the second time because the first worked.
/// </summary>
public static class IdempotentRpcs
{
    private static readonly HashSet<string> Methods = new(StringComparer.Ordinal)
    {
        "/switchboard.v1.ChannelService/SubmitInbound",
        "/switchboard.v1.ChannelService/SubmitSideConversationMessage",
        "/switchboard.v1.ChannelService/SubmitCsatRating",
        "/switchboard.v1.ChannelService/GetQueuePosition",
        "/switchboard.v1.AgentService/SetPresence",
        "/switchboard.v1.AgentService/GetTicket",
        "/switchboard.v1.AgentService/ListTicketEvents",
        "/switchboard.v1.AgentService/ListCustomerTickets",
        "/switchboard.v1.SupervisorService/GetQueueStatus",
        "/switchboard.v1.SupervisorService/SetAgentPresence",
        "/switchboard.v1.ReportService/GetReport",
        "/switchboard.v1.ReportService/ExportReportCsv",
        "/switchboard.v1.AdminService/UpsertAgent",
        "/switchboard.v1.AdminService/GetAgent",
        "/switchboard.v1.AdminService/UpsertQueue",
        "/switchboard.v1.AdminService/GetQueue",
        "/switchboard.v1.AdminService/ListQueues",
        "/switchboard.v1.AdminService/SetRoutingRules",
        "/switchboard.v1.AdminService/GetRoutingRules",
        "/switchboard.v1.AdminService/ListApiKeys",
        "/switchboard.v1.AdminService/UpsertTicketField",
        "/switchboard.v1.AdminService/ListTicketFields",
        "/switchboard.v1.AdminService/UpsertMacro",
        "/switchboard.v1.AdminService/GetMacro",
        "/switchboard.v1.AdminService/ListMacros",
        "/switchboard.v1.AdminService/SetSlaPolicies",
        "/switchboard.v1.AdminService/GetSlaPolicies",
        "/switchboard.v1.AdminService/SetCsatSettings",
        "/switchboard.v1.AdminService/GetCsatSettings",
    };

    /// <summary>Every RPC listed ("/package.Service/Method"), for the test that each names a real one.</summary>
    public static IReadOnlyCollection<string> All => Methods;

    public static bool Contains(string method) => Methods.Contains(method);
}
