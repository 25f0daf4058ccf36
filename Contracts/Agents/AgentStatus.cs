namespace Switchboard.Contracts.Agents;

[GenerateSerializer, Immutable]
[Alias("switchboard.AgentStatus")]
public sealed record AgentStatus(
    [property: Id(0)] AgentProfile Profile,
    [property: Id(1)] Presence Presence,
    [property: Id(2)] IReadOnlyList<string> AssignedTicketIds,
    [property: Id(3)] IReadOnlyList<OfferView> Offers,
    [property: Id(4)] bool DeskConnected);
