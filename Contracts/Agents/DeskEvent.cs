using Switchboard.Contracts.Tickets;

namespace Switchboard.Contracts.Agents;

/// <summary>Something an agent's desk must show, pushed through the gateway hub.</summary>
[GenerateSerializer, Immutable]
[Alias("switchboard.DeskEvent")]
public abstract record DeskEvent;

[GenerateSerializer, Immutable]
[Alias("switchboard.DeskEvent.OfferMade")]
public sealed record OfferMade([property: Id(0)] OfferView Offer) : DeskEvent;

[GenerateSerializer, Immutable]
[Alias("switchboard.DeskEvent.OfferWithdrawn")]
public sealed record OfferWithdrawn([property: Id(0)] string TicketId, [property: Id(1)] string Reason) : DeskEvent;

[GenerateSerializer, Immutable]
[Alias("switchboard.DeskEvent.TicketAssigned")]
public sealed record TicketAssigned([property: Id(0)] TicketView Ticket) : DeskEvent;

[GenerateSerializer, Immutable]
[Alias("switchboard.DeskEvent.TicketMessageAdded")]
public sealed record TicketMessageAdded([property: Id(0)] string TicketId, [property: Id(1)] TranscriptEntry Message) : DeskEvent;

/// <summary>A third party wrote back in a side conversation of one of the agent's tickets.</summary>
[GenerateSerializer, Immutable]
[Alias("switchboard.DeskEvent.SideConversationMessageAdded")]
public sealed record SideConversationMessageAdded(
    [property: Id(0)] string TicketId,
    [property: Id(1)] string SideConversationId,
    [property: Id(2)] SideConversationEntry Message) : DeskEvent;

[GenerateSerializer, Immutable]
[Alias("switchboard.DeskEvent.TicketReleased")]
public sealed record TicketReleased([property: Id(0)] string TicketId, [property: Id(1)] TicketStatus Status) : DeskEvent;

[GenerateSerializer, Immutable]
[Alias("switchboard.DeskEvent.PresenceChanged")]
public sealed record PresenceChanged([property: Id(0)] Presence Presence, [property: Id(1)] string Reason) : DeskEvent;
