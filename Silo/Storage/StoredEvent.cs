namespace Switchboard.Silo.Storage;

/// <summary>One row of a ticket's log as the store keeps it: the payload is opaque to the store.</summary>
public sealed record StoredEvent(long Sequence, string Kind, DateTimeOffset OccurredAt, string Payload);
