namespace Switchboard.Contracts.Tickets;

/// <summary>Where a side-conversation message landed on the ticket's log; Duplicate for a retried third-party message.</summary>
[GenerateSerializer, Immutable]
[Alias("switchboard.SideConversationReceipt")]
public sealed record SideConversationReceipt(
    [property: Id(0)] string SideConversationId,
    [property: Id(1)] long Sequence,
    [property: Id(2)] bool Duplicate);
