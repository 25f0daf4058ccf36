using Switchboard.Contracts.Routing;

namespace Switchboard.Silo.Routing;

/// <summary>An offer the line decided on: the ticket, the agent, and where the ticket stands in line.</summary>
public sealed record LineOffer(QueuedTicket Ticket, string AgentId, LineStanding Standing);
