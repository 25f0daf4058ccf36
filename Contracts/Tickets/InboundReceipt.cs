namespace Switchboard.Contracts.Tickets;

/// <summary>Proof that an inbound message is durable: where it landed.</summary>
[GenerateSerializer, Immutable]
[Alias("switchboard.InboundReceipt")]
public sealed record InboundReceipt(
    [property: Id(0)] string TicketId,
    [property: Id(1)] long Sequence,
    [property: Id(2)] bool Duplicate)
{
    /// <summary>The ticket's customer.</summary>
    [Id(3)]
    public string CustomerId { get; init; } = "";
}
