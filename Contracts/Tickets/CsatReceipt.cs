namespace Switchboard.Contracts.Tickets;

/// <summary>A rating is on the ticket's log at Sequence; Duplicate when this survey had been answered before (a retry).</summary>
[GenerateSerializer, Immutable]
[Alias("switchboard.CsatReceipt")]
public sealed record CsatReceipt(
    [property: Id(0)] long Sequence,
    [property: Id(1)] int Rating,
    [property: Id(2)] bool Duplicate);
