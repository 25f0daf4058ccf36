using Switchboard.Contracts.Tickets;
using Switchboard.Silo.Tickets.Events;

namespace Switchboard.Silo.Tickets;

/// <summary>A ticket's threads with third parties, folded from their events; kept apart from the customer's transcript.</summary>
public sealed class SideConversations
{
    // Made by the first thread: most tickets never have one, and every ticket in memory carries this.
    private List<ThreadLog>? _threads;
    private Dictionary<(string, string), long>? _sequenceByAdapterMessage;

    public int Count => _threads?.Count ?? 0;

    /// <summary>The thread, or null when the ticket has none by that id.</summary>
    public SideConversationView? Find(string sideConversationId) =>
        _threads?.Find(t => t.Started.SideConversationId == sideConversationId)?.ToView();

    /// <summary>Where a third party's message was stored, if it was (a retry).</summary>
    public long? SequenceOf(string sideConversationId, string adapterMessageId) =>
        _sequenceByAdapterMessage is not null && _sequenceByAdapterMessage.TryGetValue((sideConversationId, adapterMessageId), out var sequence) ? sequence : null;

    public void Observe(long sequence, TicketEvent ticketEvent)
    {
        switch (ticketEvent)
        {
            case SideConversationStarted started:
                var thread = new ThreadLog(started);
                thread.Messages.Add(new SideConversationEntry(sequence, started.AgentId, null, started.Body, started.At));
                (_threads ??= []).Add(thread);
                break;
            case SideConversationReplied replied:
                Of(replied.SideConversationId).Messages.Add(new SideConversationEntry(sequence, replied.AgentId, null, replied.Body, replied.At));
                break;
            case SideConversationMessageReceived received:
                var into = Of(received.SideConversationId);
                into.Messages.Add(new SideConversationEntry(sequence, null, received.SenderAddress, received.Body, received.SentAt));
                into.Open = true;
                (_sequenceByAdapterMessage ??= [])[(received.SideConversationId, received.AdapterMessageId)] = sequence;
                break;
            case SideConversationClosed closed:
                Of(closed.SideConversationId).Open = false;
                break;
        }
    }

    public IReadOnlyList<SideConversationView> ToViews() => _threads is null ? [] : _threads.Select(t => t.ToView()).ToArray();

    private ThreadLog Of(string sideConversationId) =>
        _threads?.Find(t => t.Started.SideConversationId == sideConversationId)
        ?? throw new InvalidDataException($"Side conversation '{sideConversationId}' is used on the log before it was started.");

    private sealed class ThreadLog(SideConversationStarted started)
    {
        public SideConversationStarted Started { get; } = started;

        public List<SideConversationEntry> Messages { get; } = [];

        public bool Open { get; set; } = true;

        public SideConversationView ToView() => new(
            Started.SideConversationId, Started.AdapterId, Started.Channel, Started.RecipientAddress, Started.Subject, Open,
            Started.AgentId, Started.At, Messages.ToArray());
    }
}
