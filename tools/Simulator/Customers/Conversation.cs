using System.Diagnostics;
using Switchboard.V1;

namespace Switchboard.Simulator.Customers;

/// <summary>
/// One customer's conversation as both sides of the simulation see it: the customer writes on it, the
/// agent who accepts its ticket answers it. Answered or abandoned is decided once, by whoever is first.
/// </summary>
public sealed class Conversation(string conversationId, string customerAddress, Channel channel, AdapterLine adapter)
{
    private const int Waiting = 0;
    private const int AnsweredState = 1;
    private const int AbandonedState = 2;

    private readonly System.Threading.Channels.Channel<OutboundMessage> _replies = System.Threading.Channels.Channel.CreateUnbounded<OutboundMessage>();
    private int _state;

    public string ConversationId { get; } = conversationId;

    public string CustomerAddress { get; } = customerAddress;

    public Channel Channel { get; } = channel;

    public AdapterLine Adapter { get; } = adapter;

    /// <summary>When the customer wrote the first message (a Stopwatch timestamp).</summary>
    public long ArrivedAt { get; } = Stopwatch.GetTimestamp();

    public string? TicketId { get; set; }

    public bool IsWaiting => Volatile.Read(ref _state) == Waiting;

    public bool IsAbandoned => Volatile.Read(ref _state) == AbandonedState;

    /// <summary>An agent took the ticket; false if the customer had already left.</summary>
    public bool TryAnswer() => Interlocked.CompareExchange(ref _state, AnsweredState, Waiting) == Waiting;

    /// <summary>The customer gives up; false if an agent answered first.</summary>
    public bool TryAbandon() => Interlocked.CompareExchange(ref _state, AbandonedState, Waiting) == Waiting;

    public void Delivered(OutboundMessage reply) => _replies.Writer.TryWrite(reply);

    /// <summary>The next agent reply, or null when <paramref name="wait"/> passes or the customer must stop.</summary>
    public async Task<OutboundMessage?> NextReply(TimeSpan? wait, CancellationToken stop)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stop);
        if (wait is { } w)
        {
            timeout.CancelAfter(w > TimeSpan.Zero ? w : TimeSpan.Zero);
        }
        try
        {
            return await _replies.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }
}
