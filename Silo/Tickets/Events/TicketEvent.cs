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
[JsonDerivedType(typeof(CustomerErased), "customer_erased")]
[JsonDerivedType(typeof(TicketTransferred), "transferred")]
[JsonDerivedType(typeof(TicketUnassigned), "unassigned")]
[JsonDerivedType(typeof(TicketUpdated), "updated")]
[JsonDerivedType(typeof(InternalNoteAdded), "internal_note")]
[JsonDerivedType(typeof(MacroApplied), "macro_applied")]
[JsonDerivedType(typeof(SlaPolicyApplied), "sla_policy_applied")]
[JsonDerivedType(typeof(SlaWarned), "sla_warning")]
[JsonDerivedType(typeof(SlaBreached), "sla_breached")]
[JsonDerivedType(typeof(WaitingTicketReprioritized), "waiting_reprioritized")]
[JsonDerivedType(typeof(CsatSurveySent), "csat_survey_sent")]
[JsonDerivedType(typeof(CsatRated), "csat_rated")]
[JsonDerivedType(typeof(TicketMergedInto), "merged_into")]
[JsonDerivedType(typeof(TicketMergedFrom), "merged_from")]
[JsonDerivedType(typeof(SideConversationStarted), "side_conversation_started")]
[JsonDerivedType(typeof(SideConversationReplied), "side_conversation_reply")]
[JsonDerivedType(typeof(SideConversationMessageReceived), "side_conversation_message")]
[JsonDerivedType(typeof(SideConversationClosed), "side_conversation_closed")]
[JsonDerivedType(typeof(TicketAbandoned), "abandoned")]
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
    string? Brand = null,
    string? CustomerName = null) : TicketEvent(At);

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

/// <summary>Closed by an admin, or automatically some time after it was solved.</summary>
public sealed record TicketClosed(DateTimeOffset At, bool Automatic = false) : TicketEvent(At);

/// <summary>The assignee handed the ticket to another queue or a named agent.</summary>
public sealed record TicketTransferred(DateTimeOffset At, string FromAgentId, string QueueId, string? ToAgentId) : TicketEvent(At);

/// <summary>
/// A supervisor set the ticket's routing boost while it waited in line: <paramref name="Priority"/> (0–100) is added to
/// the rank of its priority level (Low -1, Normal 0, High 1, Urgent 2).
/// </summary>
public sealed record WaitingTicketReprioritized(DateTimeOffset At, int Priority) : TicketEvent(At);

/// <summary>The assignee left (went offline) with the ticket open.</summary>
public sealed record TicketUnassigned(DateTimeOffset At, string AgentId, string Reason) : TicketEvent(At);

/// <summary>
/// One update of the ticket's details, holding only what actually changed. AgentId is null when the system
/// made it (a customer message reopening a pending ticket, an SLA breach raising priority).
/// </summary>
public sealed record TicketUpdated(DateTimeOffset At, string? AgentId, TicketChanges Changes) : TicketEvent(At);

/// <summary>A note for agents only; never delivered to the customer.</summary>
public sealed record InternalNoteAdded(DateTimeOffset At, string AgentId, string Body) : TicketEvent(At);

/// <summary>A macro applied by an agent: its changes and its rendered public reply (if any), as one audit entry.</summary>
public sealed record MacroApplied(DateTimeOffset At, string AgentId, string MacroId, TicketChanges Changes, string? Reply) : TicketEvent(At);

/// <summary>
/// The SLA policy the ticket is now measured against, copied as it was (PolicyId null: none matches), so the
/// clocks computed from the log never change when a policy is edited later.
/// </summary>
public sealed record SlaPolicyApplied(
    DateTimeOffset At,
    string? PolicyId,
    TimeSpan? FirstReply = null,
    TimeSpan? NextReply = null,
    TimeSpan? Resolution = null,
    TimeSpan WarnBefore = default,
    TicketPriority? BreachPriority = null,
    BusinessHours? BusinessHours = null) : TicketEvent(At);

/// <summary>An SLA target falls due soon (the policy's warning time before DueAt).</summary>
public sealed record SlaWarned(DateTimeOffset At, SlaMetric Metric, DateTimeOffset DueAt) : TicketEvent(At);

/// <summary>An SLA target was missed at DueAt.</summary>
public sealed record SlaBreached(DateTimeOffset At, SlaMetric Metric, DateTimeOffset DueAt) : TicketEvent(At);

/// <summary>
/// The customer asked to be forgotten: their messages' bodies and address are redacted in this ticket's log
/// (the only rewrite a log ever gets); this entry stays as the audit of it.
/// </summary>
public sealed record CustomerErased(DateTimeOffset At, string CustomerId) : TicketEvent(At)
{
    public const string Redacted = "[erased]";
}

/// <summary>
/// A satisfaction survey went to the customer after a solve; it asks about AgentId's work in QueueId. The
/// customer's answer names SurveyId.
/// </summary>
public sealed record CsatSurveySent(DateTimeOffset At, string SurveyId, string AgentId, string QueueId) : TicketEvent(At);

/// <summary>
/// The customer's answer to the pending survey: 1 (bad) to 5 (great), with an optional comment, for the agent
/// and queue the survey asked about. Reports read these payload fields by name.
/// </summary>
public sealed record CsatRated(DateTimeOffset At, int Rating, string? Comment, string AgentId, string QueueId) : TicketEvent(At);

/// <summary>
/// An agent merged this ticket into another of the same customer; a TicketClosed follows, and later customer
/// messages on this ticket's conversation go to the target.
/// </summary>
public sealed record TicketMergedInto(DateTimeOffset At, string AgentId, string TargetTicketId) : TicketEvent(At);

/// <summary>An agent merged another ticket of the same customer into this one; its transcript is shown with this one.</summary>
public sealed record TicketMergedFrom(DateTimeOffset At, string AgentId, string SourceTicketId) : TicketEvent(At);

/// <summary>An agent opened a thread with a third party through an adapter, with its first message.</summary>
public sealed record SideConversationStarted(
    DateTimeOffset At,
    string SideConversationId,
    string AgentId,
    string AdapterId,
    ChannelKind Channel,
    string RecipientAddress,
    string Subject,
    string Body) : TicketEvent(At);

/// <summary>An agent's further message in a side conversation.</summary>
public sealed record SideConversationReplied(DateTimeOffset At, string SideConversationId, string AgentId, string Body) : TicketEvent(At);

/// <summary>The third party wrote back in a side conversation (reopening it if it was closed).</summary>
public sealed record SideConversationMessageReceived(
    DateTimeOffset At,
    string SideConversationId,
    string AdapterMessageId,
    string SenderAddress,
    string Body,
    DateTimeOffset SentAt) : TicketEvent(At);

/// <summary>An agent closed a side conversation.</summary>
public sealed record SideConversationClosed(DateTimeOffset At, string SideConversationId, string AgentId) : TicketEvent(At);

/// <summary>The customer left while the ticket still waited in QueueId for its first agent; a TicketClosed follows.</summary>
public sealed record TicketAbandoned(DateTimeOffset At, string QueueId) : TicketEvent(At);
