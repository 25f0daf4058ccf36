using Switchboard.Contracts.Tickets;
using Switchboard.Silo.Tickets.Events;

namespace Switchboard.Silo.Tickets;

/// <summary>A ticket's state: a fold of its log. <see cref="Apply"/> is the only place it changes.</summary>
public sealed class TicketState
{
    private readonly List<TranscriptEntry> _transcript = [];
    private readonly Dictionary<string, long> _sequenceByAdapterMessageId = new(StringComparer.Ordinal);

    public bool Exists { get; private set; }

    public long LastSequence { get; private set; }

    public TicketStatus Status { get; private set; }

    public string AdapterId { get; private set; } = "";

    public ChannelKind Channel { get; private set; }

    public string ConversationId { get; private set; } = "";

    public string CustomerId { get; private set; } = "";

    public string CustomerAddress { get; private set; } = "";

    public string? FollowUpOf { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public string QueueId { get; private set; } = "";

    public int Priority { get; private set; }

    /// <summary>Set while the ticket waits for an agent: its place in line.</summary>
    public DateTimeOffset? WaitingSince { get; private set; }

    public string? AssigneeAgentId { get; private set; }

    /// <summary>The agent who last had the ticket: offered it first when it comes back.</summary>
    public string? LastAgentId { get; private set; }

    /// <summary>The place in line of the last queueing, kept through assignment so a ticket can go back to it.</summary>
    public DateTimeOffset LineSince { get; private set; }

    public string? Language { get; private set; }

    public string? Brand { get; private set; }

    public string? PreferredAgentId { get; private set; }

    public string? TargetAgentId { get; private set; }

    public IReadOnlyList<TranscriptEntry> Transcript => _transcript;

    /// <summary>The first customer message, shown with offers.</summary>
    public string Preview { get; private set; } = "";

    public bool IsWaiting => WaitingSince is not null;

    public long? SequenceOf(string adapterMessageId) =>
        _sequenceByAdapterMessageId.TryGetValue(adapterMessageId, out var sequence) ? sequence : null;

    public void Apply(long sequence, TicketEvent ticketEvent)
    {
        LastSequence = sequence;
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
            case AgentReplied reply:
                _transcript.Add(new TranscriptEntry(sequence, Author.Agent, reply.AgentId, reply.Body, reply.At));
                break;
            case TicketQueued queued:
                QueueId = queued.QueueId;
                Priority = queued.Priority;
                WaitingSince = queued.WaitingSince;
                LineSince = queued.WaitingSince;
                PreferredAgentId = queued.PreferredAgentId;
                TargetAgentId = queued.TargetAgentId;
                AssigneeAgentId = null;
                break;
            case TicketAssignedTo assigned:
                AssigneeAgentId = assigned.AgentId;
                LastAgentId = assigned.AgentId;
                TargetAgentId = null;
                WaitingSince = null;
                Status = TicketStatus.Open;
                break;
            case TicketSolved:
                Status = TicketStatus.Solved;
                WaitingSince = null;
                break;
            case TicketReopened:
                Status = TicketStatus.Open;
                break;
            case TicketClosed:
                Status = TicketStatus.Closed;
                WaitingSince = null;
                break;
            case WaitingTicketReprioritized reprioritized:
                Priority = reprioritized.Priority;
                break;
            case TicketTransferred:
            case TicketUnassigned:
                // Audit entries; the TicketQueued that follows each moves the ticket.
                AssigneeAgentId = null;
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(ticketEvent), ticketEvent.GetType().Name, "Unknown ticket event.");
        }
    }

    public TicketView ToView(string ticketId) => new(
        ticketId, Status, Channel, CustomerId, CustomerAddress, QueueId, AssigneeAgentId, FollowUpOf, CreatedAt,
        _transcript.ToArray(), AdapterId, ConversationId);
}
