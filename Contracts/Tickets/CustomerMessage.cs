namespace Switchboard.Contracts.Tickets;

/// <summary>
/// A customer's inbound message, validated at the gateway. <see cref="CustomerId"/> is empty when the sender is not
/// resolved yet: the ticket resolves it through the directory only if the message opens it (a message to an open
/// ticket needs no look-up, the ticket knows its customer).
/// </summary>
[GenerateSerializer, Immutable]
[Alias("switchboard.CustomerMessage")]
public sealed record CustomerMessage(
    [property: Id(0)] string AdapterId,
    [property: Id(1)] ChannelKind Channel,
    [property: Id(2)] string ConversationId,
    [property: Id(3)] string AdapterMessageId,
    [property: Id(4)] string SenderAddress,
    [property: Id(5)] string CustomerId,
    [property: Id(6)] string Body,
    [property: Id(7)] DateTimeOffset SentAt)
{
    /// <summary>The conversation's language (e.g. "en"), when the adapter knows it.</summary>
    [Id(8)]
    public string? Language { get; init; }

    /// <summary>The brand the customer wrote to (one adapter may serve several), used by routing rules.</summary>
    [Id(9)]
    public string? Brand { get; init; }

    /// <summary>The name the channel gave the sender, if any: the customer's display name when it has none.</summary>
    [Id(10)]
    public string? SenderName { get; init; }
}
