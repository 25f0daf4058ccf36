namespace Switchboard.Contracts.Tickets;

/// <summary>A custom field a tenant defines on its tickets; drop-downs list the values they accept.</summary>
[GenerateSerializer, Immutable]
[Alias("switchboard.TicketFieldDefinition")]
public sealed record TicketFieldDefinition(
    [property: Id(0)] string FieldId,
    [property: Id(1)] string DisplayName,
    [property: Id(2)] TicketFieldKind Kind,
    [property: Id(3)] IReadOnlyList<string> Options);
