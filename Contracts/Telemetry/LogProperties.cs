namespace Switchboard.Contracts.Telemetry;

/// <summary>The names of the properties that tie a log event to what it is about, the same in gateway and silo logs.</summary>
public static class LogProperties
{
    public const string TenantId = "TenantId";

    public const string TicketId = "TicketId";

    public const string AgentId = "AgentId";

    public const string CustomerId = "CustomerId";

    public const string QueueId = "QueueId";

    public const string AdapterId = "AdapterId";
}
