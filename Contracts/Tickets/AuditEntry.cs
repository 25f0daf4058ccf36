namespace Switchboard.Contracts.Tickets;

/// <summary>One entry of a ticket's audit trail: who ("agent:{id}", "customer:{id}" or "system") did what, and when.</summary>
[GenerateSerializer, Immutable]
[Alias("switchboard.AuditEntry")]
public sealed record AuditEntry(
    [property: Id(0)] long Sequence,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] string Kind,
    [property: Id(3)] string Actor,
    [property: Id(4)] string Summary);
