using Grpc.Core;

namespace Switchboard.Gateway.Hub;

/// <summary>
/// Lets several producers share a response stream, which allows one write at a time, and sends what they write
/// together in as few flushes as it can: a message written while others wait behind it goes out with a buffer hint,
/// and the last one waiting flushes them all. A stream with a batch of acks to send makes one trip to the socket, not
/// one per ack. <see cref="Write"/> and <see cref="WriteAll"/> return once their messages are handed to the stream.
/// </summary>
public sealed class SerializedWriter<T>(IServerStreamWriter<T> inner) : IDisposable
{
    private static readonly WriteOptions Buffered = new(WriteFlags.BufferHint);
    private static readonly WriteOptions Flushed = new();

    /// <summary>A long run of messages (a reconnecting adapter's pending deliveries) still flushes this often, so the response pipe's backpressure applies.</summary>
    private const int FlushEvery = 64;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private int _waiting;

    public Task Write(T message, CancellationToken cancellationToken) => WriteAll([message], cancellationToken);

    /// <summary>Writes the messages in order, with nothing from another producer between them, and one flush at the end (and one every 64 messages).</summary>
    public async Task WriteAll(IReadOnlyList<T> messages, CancellationToken cancellationToken)
    {
        if (messages.Count == 0)
        {
            return;
        }
        Interlocked.Increment(ref _waiting);
        try
        {
            await _gate.WaitAsync(cancellationToken);
        }
        catch
        {
            Interlocked.Decrement(ref _waiting);
            throw;
        }
        try
        {
            // This producer holds the stream; another waiting for it will write (and flush) right after, so the last
            // message here need not go to the socket on its own. A waiter that gives up instead does so because its
            // token was cancelled, which for the streams here (every producer uses the stream's own token) means the
            // stream is ending, and its end flushes what is buffered.
            var othersWaiting = Interlocked.Decrement(ref _waiting) > 0;
            for (var i = 0; i < messages.Count; i++)
            {
                var more = i < messages.Count - 1 ? (i + 1) % FlushEvery != 0 : othersWaiting;
                inner.WriteOptions = more ? Buffered : Flushed;
                await inner.WriteAsync(messages[i], cancellationToken);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();
}
