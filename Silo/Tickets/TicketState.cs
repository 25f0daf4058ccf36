using Switchboard.Contracts.Tickets;
using Switchboard.Silo.Tickets.Events;
using Switchboard.Silo.Tickets.Sla;

namespace Switchboard.Silo.Tickets;

/// <summary>A ticket's state: a fold of its log. <see cref="Apply"/> is the only place it changes.</summary>
public sealed class TicketState
{
    private static readonly IReadOnlyDictionary<string, string> NoFields = new Dictionary<string, string>();

    private readonly List<TranscriptEntry> _transcript = [];
    private readonly Dictionary<string, long> _sequenceByAdapterMessageId = new(StringComparer.Ordinal);
    // Tags, fields and merges are made when first used: every ticket in memory carries these, most never use them.
    private SortedSet<string>? _tags;
    private SortedDictionary<string, string>? _customFields;
    private List<string>? _mergedFrom;

    public bool Exists { get; private set; }

    public long LastSequence { get; private set; }

    public TicketStatus Status { get; private set; }

    public string AdapterId { get; private set; } = "";

    public ChannelKind Channel { get; private set; }

    public string ConversationId { get; private set; } = "";

    public string CustomerId { get; private set; } = "";

    public string CustomerAddress { get; private set; } = "";

    /// <summary>"{channel}:{address}" the ticket was opened from, as the customer directory keys it; null once erased.</summary>
    public string? CustomerIdentity { get; private set; }

    /// <summary>The name the adapter gave with the opening message, if any; null once erased.</summary>
    public string? CustomerName { get; private set; }

    public string? FollowUpOf { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public string QueueId { get; private set; } = "";

    public int Priority { get; private set; }

    /// <summary>Set while the ticket waits for an agent: its place in line.</summary>
    public DateTimeOffset? WaitingSince { get; private set; }

    public string? AssigneeAgentId { get; private set; }

    /// <summary>When the customer's personal data was erased from this ticket, if it was.</summary>
    public DateTimeOffset? CustomerErasedAt { get; private set; }

    /// <summary>The agent who last had the ticket: offered it first when it comes back.</summary>
    public string? LastAgentId { get; private set; }

    /// <summary>When <see cref="LastAgentId"/> was assigned.</summary>
    public DateTimeOffset? LastAssignedAt { get; private set; }

    /// <summary>The place in line of the last queueing, kept through assignment so a ticket can go back to it.</summary>
    public DateTimeOffset LineSince { get; private set; }

    public string? Language { get; private set; }

    public string? Brand { get; private set; }

    public string? PreferredAgentId { get; private set; }

    public string? TargetAgentId { get; private set; }

    public IReadOnlyList<TranscriptEntry> Transcript => _transcript;

    /// <summary>
    /// When the last event happened. The events themselves are not kept: the transcript and the fields above are what
    /// the ticket answers from, and the audit trail is read from the log when asked for (a waiting ticket held the log
    /// twice in memory, its messages once as events and once as transcript entries).
    /// </summary>
    public DateTimeOffset LastEventAt { get; private set; }

    public TicketPriority TicketPriority { get; private set; } = TicketPriority.Normal;

    /// <summary>
    /// A supervisor's routing boost (0–100), added to the rank of <see cref="TicketPriority"/> in <see cref="Priority"/>:
    /// it outlasts a change of the level, and 0 takes it off.
    /// </summary>
    public int PriorityBoost { get; private set; }

    public string Subject { get; private set; } = "";

    public IReadOnlyCollection<string> Tags => (IReadOnlyCollection<string>?)_tags ?? [];

    public IReadOnlyDictionary<string, string> CustomFields => (IReadOnlyDictionary<string, string>?)_customFields ?? NoFields;

    /// <summary>The ticket's threads with third parties, folded from the same events.</summary>
    public SideConversations SideConversations { get; } = new();

    /// <summary>The ticket's SLA clocks, folded from the same events.</summary>
    public SlaClock Sla { get; } = new();

    /// <summary>When the ticket was last solved; auto-close counts from here.</summary>
    public DateTimeOffset? SolvedAt { get; private set; }

    /// <summary>The first customer message, shown with offers.</summary>
    public string Preview { get; private set; } = "";

    public bool IsWaiting => WaitingSince is not null;

    /// <summary>
    /// The log position of the event that put the ticket in line for its current wait. It names the wait: a message,
    /// a new priority or an SLA event while waiting keep it; being queued again (back from an agent, transferred,
    /// overflowed) starts a new one.
    /// </summary>
    public long WaitSequence { get; private set; }

    /// <summary>Whether the customer left before any agent had the ticket.</summary>
    public bool Abandoned { get; private set; }

    /// <summary>The ticket this one was merged into (and closed for), if any.</summary>
    public string? MergedInto { get; private set; }

    /// <summary>Tickets merged into this one, in the order they were merged.</summary>
    public IReadOnlyList<string> MergedFrom => (IReadOnlyList<string>?)_mergedFrom ?? [];

    /// <summary>The survey waiting for the customer's answer, if any.</summary>
    public CsatSurveySent? PendingSurvey { get; private set; }

    /// <summary>The survey answered last, so a retried answer is recognised.</summary>
    public string? RatedSurveyId { get; private set; }

    /// <summary>The last rating given, and the sequence it is at.</summary>
    public (CsatRated Rating, long Sequence)? LastRating { get; private set; }

    public long? SequenceOf(string adapterMessageId) =>
        _sequenceByAdapterMessageId.TryGetValue(adapterMessageId, out var sequence) ? sequence : null;

    public void Apply(long sequence, TicketEvent ticketEvent)
    {
        LastSequence = sequence;
        LastEventAt = ticketEvent.At;
        switch (ticketEvent)
        {
            case TicketOpened opened:
                Exists = true;
                Status = TicketStatus.New;
                AdapterId = opened.AdapterId;
                Channel = opened.Channel;
                ConversationId = opened.ConversationId;
                CustomerId = opened.CustomerId;
                CustomerAddress = opened.CustomerAddress;
                CustomerIdentity = opened.CustomerAddress == CustomerErased.Redacted ? null : Contracts.Customers.CustomerIdentity.Of(opened.Channel, opened.CustomerAddress);
                CustomerName = opened.CustomerName;
                FollowUpOf = opened.FollowUpOf;
                CreatedAt = opened.At;
                Language = opened.Language;
                Brand = opened.Brand;
                break;
            case CustomerMessageReceived message:
                _sequenceByAdapterMessageId[message.AdapterMessageId] = sequence;
                _transcript.Add(new TranscriptEntry(sequence, Author.Customer, null, message.Body, message.SentAt));
                if (Preview.Length == 0)
                {
                    Preview = message.Body.Length <= 140 ? message.Body : message.Body[..140];
                }
                break;
            case CustomerErased:
                for (var i = 0; i < _transcript.Count; i++)
                {
                    if (_transcript[i].Author == Author.Customer)
                    {
                        _transcript[i] = _transcript[i] with { Body = CustomerErased.Redacted };
                    }
                }
                CustomerAddress = CustomerErased.Redacted;
                CustomerIdentity = null;
                CustomerName = null;
                if (LastRating is { Rating.Comment: not null } rating)
                {
                    LastRating = (rating.Rating with { Comment = CustomerErased.Redacted }, rating.Sequence);
                }
                Preview = "";
                CustomerErasedAt = ticketEvent.At;
                break;
            case AgentReplied reply:
                _transcript.Add(new TranscriptEntry(sequence, Author.Agent, reply.AgentId, reply.Body, reply.At));
                break;
            case TicketQueued queued:
                QueueId = queued.QueueId;
                Priority = queued.Priority;
                WaitingSince = queued.WaitingSince;
                LineSince = queued.WaitingSince;
                WaitSequence = sequence;
                PreferredAgentId = queued.PreferredAgentId;
                TargetAgentId = queued.TargetAgentId;
                AssigneeAgentId = null;
                break;
            case TicketAssignedTo assigned:
                AssigneeAgentId = assigned.AgentId;
                LastAgentId = assigned.AgentId;
                LastAssignedAt = assigned.At;
                TargetAgentId = null;
                WaitingSince = null;
                Status = TicketStatus.Open;
                break;
            case TicketSolved solved:
                ChangeStatus(TicketStatus.Solved, solved.At);
                break;
            case TicketReopened:
                ChangeStatus(TicketStatus.Open, ticketEvent.At);
                break;
            case TicketClosed:
                Status = TicketStatus.Closed;
                WaitingSince = null;
                break;
            case TicketUpdated updated:
                ApplyChanges(updated.Changes, updated.At);
                break;
            case MacroApplied macro:
                ApplyChanges(macro.Changes, macro.At);
                if (macro.Reply is { } macroReply)
                {
                    _transcript.Add(new TranscriptEntry(sequence, Author.Agent, macro.AgentId, macroReply, macro.At));
                }
                break;
            case InternalNoteAdded note:
                _transcript.Add(new TranscriptEntry(sequence, Author.Agent, note.AgentId, note.Body, note.At) { Internal = true });
                break;
            case WaitingTicketReprioritized reprioritized:
                // A supervisor's boost: it adds to the ticket's priority level, and the level may still change under it.
                PriorityBoost = reprioritized.Priority;
                Priority = TicketWorkflow.RoutingPriority(TicketPriority) + PriorityBoost;
                break;
            case TicketTransferred:
            case TicketUnassigned:
                // Audit entries; the TicketQueued that follows each moves the ticket.
                AssigneeAgentId = null;
                break;
            case CsatSurveySent survey:
                PendingSurvey = survey;
                break;
            case CsatRated rated:
                RatedSurveyId = PendingSurvey?.SurveyId;
                PendingSurvey = null;
                LastRating = (rated, sequence);
                break;
            case TicketAbandoned:
                // The TicketClosed that follows ends the wait.
                Abandoned = true;
                break;
            case TicketMergedInto merged:
                MergedInto = merged.TargetTicketId;
                break;
            case TicketMergedFrom merged:
                (_mergedFrom ??= []).Add(merged.SourceTicketId);
                break;
            case SideConversationStarted:
            case SideConversationReplied:
            case SideConversationMessageReceived:
            case SideConversationClosed:
                SideConversations.Observe(sequence, ticketEvent);
                break;
            case SlaPolicyApplied:
            case SlaWarned:
            case SlaBreached:
                // Only the SLA clocks change.
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(ticketEvent), ticketEvent.GetType().Name, "Unknown ticket event.");
        }
        Sla.Observe(ticketEvent, Status);
    }

    /// <summary>Of the requested changes, only those that would change something.</summary>
    public TicketChanges EffectiveChanges(TicketChanges requested) => new()
    {
        Status = requested.Status is { } status && status != Status ? status : null,
        Priority = requested.Priority is { } priority && priority != TicketPriority ? priority : null,
        AddTags = requested.AddTags.Distinct(StringComparer.Ordinal).Where(t => _tags?.Contains(t) != true).ToArray(),
        RemoveTags = requested.RemoveTags.Distinct(StringComparer.Ordinal).Where(t => _tags?.Contains(t) == true).ToArray(),
        Fields = requested.Fields
            .Where(f => f.Value.Length == 0 ? CustomFields.ContainsKey(f.Key) : !(CustomFields.TryGetValue(f.Key, out var v) && v == f.Value))
            .ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal),
        Subject = requested.Subject is { } subject && subject != Subject ? subject : null,
    };

    public TicketView ToView(string ticketId) => ToView(ticketId, _transcript.ToArray());

    public TicketView ToView(string ticketId, IReadOnlyList<TranscriptEntry> transcript) => new(
        ticketId, Status, Channel, CustomerId, CustomerAddress, QueueId, AssigneeAgentId, FollowUpOf, CreatedAt,
        transcript, AdapterId, ConversationId)
    {
        Priority = TicketPriority,
        Subject = Subject,
        SlaPolicyId = Sla.Policy?.PolicyId,
        Tags = _tags?.ToArray() ?? [],
        CustomFields = new Dictionary<string, string>(CustomFields, StringComparer.Ordinal),
        MergedIntoTicketId = MergedInto,
        SideConversations = SideConversations.ToViews(),
        MergedFromTicketIds = _mergedFrom?.ToArray() ?? [],
        Csat = PendingSurvey is null && LastRating is null
            ? null
            : new CsatView(PendingSurvey?.SurveyId, LastRating?.Rating.Rating, LastRating?.Rating.Comment, LastRating?.Rating.AgentId, LastRating?.Rating.At),
    };

    private void ApplyChanges(TicketChanges changes, DateTimeOffset at)
    {
        if (changes.Status is { } status)
        {
            ChangeStatus(status, at);
        }
        if (changes.Priority is { } priority)
        {
            TicketPriority = priority;
            Priority = TicketWorkflow.RoutingPriority(priority) + PriorityBoost;
        }
        foreach (var tag in changes.AddTags)
        {
            (_tags ??= new SortedSet<string>(StringComparer.Ordinal)).Add(tag);
        }
        foreach (var tag in changes.RemoveTags)
        {
            _tags?.Remove(tag);
        }
        foreach (var (fieldId, value) in changes.Fields)
        {
            if (value.Length == 0)
            {
                _customFields?.Remove(fieldId);
            }
            else
            {
                (_customFields ??= new SortedDictionary<string, string>(StringComparer.Ordinal))[fieldId] = value;
            }
        }
        if (changes.Subject is { } subject)
        {
            Subject = subject;
        }
    }

    private void ChangeStatus(TicketStatus status, DateTimeOffset at)
    {
        Status = status;
        if (status == TicketStatus.Solved)
        {
            SolvedAt = at;
            WaitingSince = null;
        }
    }
}
