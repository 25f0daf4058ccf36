namespace Switchboard.Contracts.Tickets;

/// <summary>The first message of a side conversation: to whom, through which adapter, about what.</summary>
[GenerateSerializer, Immutable]
[Alias("switchboard.SideConversationDraft")]
public sealed record SideConversationDraft(
    [property: Id(0)] string AdapterId,
    [property: Id(1)] ChannelKind Channel,
    [property: Id(2)] string RecipientAddress,
    [property: Id(3)] string Subject,
    [property: Id(4)] string Body);
