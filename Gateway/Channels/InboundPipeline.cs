using System.Runtime.ExceptionServices;

namespace Switchboard.Gateway.Channels;

/// <summary>
/// An adapter stream's inbound messages in flight. Messages of different conversations are stored at the same time,
/// so each waits only for its own ticket's commit rather than for every message read before it; messages of one
/// conversation go strictly one after another, in the order they arrived. The messages of a conversation that arrive
/// while its earlier ones are being stored wait, and then go to <c>store</c> together, in order, as one batch: one
/// call and one commit for all of them instead of one per message. At most <c>limit</c> messages are in flight: a
/// stream that sends faster than its messages are stored is no longer read until one finishes. The first failure
/// other than a refused message (those are answered on the stream) cancels <see cref="Failed"/> and ends the stream.
/// Not thread-safe: one reader adds messages; the batches themselves are stored concurrently.
/// </summary>
public sealed class InboundPipeline<T>(int limit, Func<IReadOnlyList<T>, Task> store) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(limit, limit);
    private readonly Dictionary<string, Lane> _lanes = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _failed = new();
    private Exception? _failure;

    /// <summary>Cancelled when a batch's work failed: stop reading the stream and call <see cref="Drain"/>.</summary>
    public CancellationToken Failed => _failed.Token;

    /// <summary>Stores <paramref name="message"/> after the conversation's earlier messages, once a slot is free.</summary>
    public async Task Add(string conversationId, T message, CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken);
        if (_lanes.TryGetValue(conversationId, out var lane) && lane.TryJoin(message))
        {
            return;
        }
        lane = new Lane(message);
        _lanes[conversationId] = lane;
        lane.Running = Run(lane);
        if (_lanes.Count > limit * 4)
        {
            foreach (var done in _lanes.Where(l => l.Value.Running.IsCompleted).Select(l => l.Key).ToArray())
            {
                _lanes.Remove(done);
            }
        }
    }

    /// <summary>Waits for every message in flight; then throws the first failure, if any.</summary>
    public async Task Drain()
    {
        await Settle();
        if (_failure is { } failure)
        {
            ExceptionDispatchInfo.Throw(failure);
        }
    }

    /// <summary>Waits for every message in flight, whatever became of them (before the stream's writer goes away).</summary>
    public Task Settle() => Task.WhenAll(_lanes.Values.Select(l => l.Running));

    public void Dispose()
    {
        _slots.Dispose();
        _failed.Dispose();
    }

    /// <summary>Stores the lane's waiting messages, a batch at a time, until none are left.</summary>
    private async Task Run(Lane lane)
    {
        while (lane.TakeWaiting() is { } batch)
        {
            try
            {
                if (_failure is null)
                {
                    await store(batch);
                }
            }
#pragma warning disable CA1031 // Recorded, and rethrown by Drain on the stream's own task.
            catch (Exception e)
#pragma warning restore CA1031
            {
                if (Interlocked.CompareExchange(ref _failure, e, null) is null)
                {
                    await _failed.CancelAsync();
                }
            }
            finally
            {
                _slots.Release(batch.Length);
            }
        }
    }

    /// <summary>One conversation's messages waiting to be stored; closed once its last batch is taken.</summary>
    private sealed class Lane(T first)
    {
        private readonly List<T> _waiting = [first];
        private bool _closed;

        public Task Running { get; set; } = Task.CompletedTask;

        /// <summary>Queues a message behind the batch being stored; false once the lane has finished.</summary>
        public bool TryJoin(T message)
        {
            lock (_waiting)
            {
                if (_closed)
                {
                    return false;
                }
                _waiting.Add(message);
                return true;
            }
        }

        public T[]? TakeWaiting()
        {
            lock (_waiting)
            {
                if (_waiting.Count == 0)
                {
                    _closed = true;
                    return null;
                }
                var batch = _waiting.ToArray();
                _waiting.Clear();
                return batch;
            }
        }
    }
}
