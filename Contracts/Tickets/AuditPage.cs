namespace Switchboard.Contracts.Tickets;

/// <summary>A page of the audit trail in log order; <see cref="NextAfterSequence"/> is set when more follow.</summary>
[GenerateSerializer, Immutable]
[Alias("switchboard.AuditPage")]
public sealed record AuditPage(
    [property: Id(0)] IReadOnlyList<AuditEntry> Entries,
    [property: Id(1)] long? NextAfterSequence);
