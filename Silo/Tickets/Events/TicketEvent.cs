using System.Text.Json.Serialization;
using Switchboard.Contracts.Tickets;

namespace Switchboard.Silo.Tickets.Events;

/// <summary>
/// One entry of a ticket's log. The log is stored as JSON (readable with plain SQL for reports); the
/// discriminator names are the stored kinds, so they never change once written.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "$kind")]
[JsonDerivedType(typeof(TicketOpened), "opened")]
[JsonDerivedType(typeof(CustomerMessageReceived), "customer_message")]
[JsonDerivedType(typeof(AgentReplied), "agent_reply")]
[JsonDerivedType(typeof(TicketQueued), "queued")]
[JsonDerivedType(typeof(TicketAssignedTo), "assigned")]
[JsonDerivedType(typeof(TicketSolved), "solved")]
[JsonDerivedType(typeof(TicketReopened), "reopened")]
[JsonDerivedType(typeof(TicketClosed), "closed")]
[JsonDerivedType(typeof(TicketTransferred), "transferred")]
[JsonDerivedType(typeof(TicketUnassigned), "unassigned")]
[JsonDerivedType(typeof(WaitingTicketReprioritized), "waiting_reprioritized")]
public abstract record TicketEvent(DateTimeOffset At);

public sealed record TicketOpened(
    DateTimeOffset At,
    string AdapterId,
    ChannelKind Channel,
    string ConversationId,
    string CustomerId,
    string CustomerAddress,
    string? FollowUpOf,
    string? Language = null,
    string? Brand = null) : TicketEvent(At);

public sealed record CustomerMessageReceived(DateTimeOffset At, string AdapterMessageId, string Body, DateTimeOffset SentAt) : TicketEvent(At);

public sealed record AgentReplied(DateTimeOffset At, string AgentId, string Body) : TicketEvent(At);

/// <summary>
/// The ticket waits in a queue; WaitingSince is its place in line and survives re-queueing. A target agent
/// (from a transfer) is the only one offered it; a preferred agent (the customer's last) is offered it first.
/// </summary>
public sealed record TicketQueued(
    DateTimeOffset At,
    string QueueId,
    int Priority,
    DateTimeOffset WaitingSince,
    string? PreferredAgentId = null,
    string? TargetAgentId = null) : TicketEvent(At);

public sealed record TicketAssignedTo(DateTimeOffset At, string AgentId) : TicketEvent(At);

public sealed record TicketSolved(DateTimeOffset At, string AgentId) : TicketEvent(At);

public sealed record TicketReopened(DateTimeOffset At) : TicketEvent(At);

public sealed record TicketClosed(DateTimeOffset At) : TicketEvent(At);

/// <summary>The assignee handed the ticket to another queue or a named agent.</summary>
public sealed record TicketTransferred(DateTimeOffset At, string FromAgentId, string QueueId, string? ToAgentId) : TicketEvent(At);

/// <summary>A supervisor changed the priority of the ticket while it waited in line.</summary>
public sealed record WaitingTicketReprioritized(DateTimeOffset At, int Priority) : TicketEvent(At);

/// <summary>The assignee left (went offline) with the ticket open.</summary>
public sealed record TicketUnassigned(DateTimeOffset At, string AgentId, string Reason) : TicketEvent(At);
