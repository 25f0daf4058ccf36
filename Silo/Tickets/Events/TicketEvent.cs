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
public abstract record TicketEvent(DateTimeOffset At);

public sealed record TicketOpened(
    DateTimeOffset At,
    string AdapterId,
    ChannelKind Channel,
    string ConversationId,
    string CustomerId,
    string CustomerAddress,
    string? FollowUpOf) : TicketEvent(At);

public sealed record CustomerMessageReceived(DateTimeOffset At, string AdapterMessageId, string Body, DateTimeOffset SentAt) : TicketEvent(At);

public sealed record AgentReplied(DateTimeOffset At, string AgentId, string Body) : TicketEvent(At);

/// <summary>The ticket waits in a queue; WaitingSince is its place in line and survives re-queueing.</summary>
public sealed record TicketQueued(DateTimeOffset At, string QueueId, int Priority, DateTimeOffset WaitingSince) : TicketEvent(At);

public sealed record TicketAssignedTo(DateTimeOffset At, string AgentId) : TicketEvent(At);

public sealed record TicketSolved(DateTimeOffset At, string AgentId) : TicketEvent(At);

public sealed record TicketReopened(DateTimeOffset At) : TicketEvent(At);

public sealed record TicketClosed(DateTimeOffset At) : TicketEvent(At);
