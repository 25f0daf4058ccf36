namespace Switchboard.Contracts.Tickets;

/// <summary>
/// A thread with a third party (a supplier, another team) attached to a ticket. Its messages are not part of the
/// customer's transcript.
/// </summary>
[GenerateSerializer, Immutable]
[Alias("switchboard.SideConversationView")]
public sealed record SideConversationView(
    [property: Id(0)] string SideConversationId,
    [property: Id(1)] string AdapterId,
    [property: Id(2)] ChannelKind Channel,
    [property: Id(3)] string RecipientAddress,
    [property: Id(4)] string Subject,
    [property: Id(5)] bool Open,
    [property: Id(6)] string StartedByAgentId,
    [property: Id(7)] DateTimeOffset StartedAt,
    [property: Id(8)] IReadOnlyList<SideConversationEntry> Messages);

/// <summary>One message of a side conversation: an agent's (AgentId set) or the third party's (SenderAddress set).</summary>
[GenerateSerializer, Immutable]
[Alias("switchboard.SideConversationEntry")]
public sealed record SideConversationEntry(
    [property: Id(0)] long Sequence,
    [property: Id(1)] string? AgentId,
    [property: Id(2)] string? SenderAddress,
    [property: Id(3)] string Body,
    [property: Id(4)] DateTimeOffset SentAt);
