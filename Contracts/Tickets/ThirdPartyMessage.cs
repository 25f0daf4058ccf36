namespace Switchboard.Contracts.Tickets;

/// <summary>A third party's reply in a side conversation, as its adapter received it.</summary>
[GenerateSerializer, Immutable]
[Alias("switchboard.ThirdPartyMessage")]
public sealed record ThirdPartyMessage(
    [property: Id(0)] string AdapterId,
    [property: Id(1)] string SideConversationId,
    [property: Id(2)] string AdapterMessageId,
    [property: Id(3)] string SenderAddress,
    [property: Id(4)] string Body,
    [property: Id(5)] DateTimeOffset SentAt);
