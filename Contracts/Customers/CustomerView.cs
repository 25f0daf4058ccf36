namespace Switchboard.Contracts.Customers;

[GenerateSerializer, Immutable]
[Alias("switchboard.CustomerView")]
public sealed record CustomerView(
    [property: Id(0)] string CustomerId,
    [property: Id(1)] string? DisplayName,
    [property: Id(2)] IReadOnlyList<string> Identities,
    [property: Id(3)] IReadOnlyList<string> TicketIds,
    [property: Id(4)] string? PreferredAgentId);
