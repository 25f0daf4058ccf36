using Switchboard.Contracts.Tickets;

namespace Switchboard.Contracts.Channels;

/// <summary>A reply, survey or side-conversation message on its way out through an adapter, at the adapter's delivery position.</summary>
[GenerateSerializer, Immutable]
[Alias("switchboard.OutboundDelivery")]
public sealed record OutboundDelivery(
    [property: Id(0)] long DeliverySequence,
    [property: Id(1)] string TicketId,
    [property: Id(2)] long TicketSequence,
    [property: Id(3)] string ConversationId,
    [property: Id(4)] ChannelKind Channel,
    [property: Id(5)] string RecipientAddress,
    [property: Id(6)] string Body,
    [property: Id(7)] string AgentId,
    [property: Id(8)] DateTimeOffset SentAt)
{
    [Id(9)]
    public OutboundKind Kind { get; init; } = OutboundKind.Message;

    /// <summary>For a CSAT survey: the id the adapter sends back with the customer's rating.</summary>
    [Id(10)]
    public string? CsatSurveyId { get; init; }

    /// <summary>For a side conversation: the thread the third party's replies go back to.</summary>
    [Id(11)]
    public string? SideConversationId { get; init; }

    /// <summary>For a side conversation: its subject (an email adapter's subject line).</summary>
    [Id(12)]
    public string? Subject { get; init; }
}
