namespace Switchboard.Contracts.Tickets;

/// <summary>A ticket as callers outside the grain see it.</summary>
[GenerateSerializer, Immutable]
[Alias("switchboard.TicketView")]
public sealed record TicketView(
    [property: Id(0)] string TicketId,
    [property: Id(1)] TicketStatus Status,
    [property: Id(2)] ChannelKind Channel,
    [property: Id(3)] string CustomerId,
    [property: Id(4)] string CustomerAddress,
    [property: Id(5)] string QueueId,
    [property: Id(6)] string? AssigneeAgentId,
    [property: Id(7)] string? FollowUpOfTicketId,
    [property: Id(8)] DateTimeOffset CreatedAt,
    [property: Id(9)] IReadOnlyList<TranscriptEntry> Transcript,
    [property: Id(10)] string AdapterId,
    [property: Id(11)] string ConversationId)
{
    [Id(12)]
    public TicketPriority Priority { get; init; } = TicketPriority.Normal;

    [Id(13)]
    public string Subject { get; init; } = "";

    [Id(14)]
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Custom field id → value; fields never set are absent.</summary>
    [Id(15)]
    public IReadOnlyDictionary<string, string> CustomFields { get; init; } = new Dictionary<string, string>();

    /// <summary>The SLA policy the ticket is measured against; null when none matches.</summary>
    [Id(16)]
    public string? SlaPolicyId { get; init; }

    [Id(17)]
    public IReadOnlyList<SlaTargetView> Sla { get; init; } = [];

    /// <summary>The satisfaction survey and rating; null when no survey was ever sent.</summary>
    [Id(18)]
    public CsatView? Csat { get; init; }

    /// <summary>The ticket this one was merged into and closed for; null unless merged.</summary>
    [Id(19)]
    public string? MergedIntoTicketId { get; init; }

    /// <summary>Tickets merged into this one, oldest merge first.</summary>
    [Id(20)]
    public IReadOnlyList<string> MergedFromTicketIds { get; init; } = [];

    /// <summary>Threads with third parties, oldest first; never part of the customer's transcript.</summary>
    [Id(21)]
    public IReadOnlyList<SideConversationView> SideConversations { get; init; } = [];
}
