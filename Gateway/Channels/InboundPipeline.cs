using System.Runtime.ExceptionServices;

namespace Switchboard.Gateway.Channels;

/// <summary>
/// An adapter stream's inbound messages in flight. Messages of different conversations are stored at the same time,
/// so each waits only for its own ticket's commit rather than for every message read before it; messages of one
/// conversation go strictly one after another, in the order they arrived. At most <c>limit</c> are in flight: a
/// stream that sends faster than its messages are stored is no longer read until one finishes. The first failure
/// other than a refused message (those are answered on the stream) cancels <see cref="Failed"/> and ends the stream.
/// Not thread-safe: one reader adds work; the work itself runs concurrently.
/// </summary>
public sealed class InboundPipeline(int limit) : IDisposable
{
    /// <summary>Messages one adapter stream may have in flight at once.</summary>
    public const int DefaultLimit = 64;

    private readonly SemaphoreSlim _slots = new(limit, limit);
    private readonly Dictionary<string, Task> _tails = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _failed = new();
    private Exception? _failure;

    /// <summary>Cancelled when a message's work failed: stop reading the stream and call <see cref="Drain"/>.</summary>
    public CancellationToken Failed => _failed.Token;

    /// <summary>Starts <paramref name="work"/> after the conversation's earlier messages, once a slot is free.</summary>
    public async Task Add(string conversationId, Func<Task> work, CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken);
        var previous = _tails.GetValueOrDefault(conversationId) ?? Task.CompletedTask;
        _tails[conversationId] = Run(previous, work);
        if (_tails.Count > limit * 4)
        {
            foreach (var done in _tails.Where(t => t.Value.IsCompleted).Select(t => t.Key).ToArray())
            {
                _tails.Remove(done);
            }
        }
    }

    /// <summary>Waits for every message in flight; then throws the first failure, if any.</summary>
    public async Task Drain()
    {
        await Task.WhenAll(_tails.Values);
        if (_failure is { } failure)
        {
            ExceptionDispatchInfo.Throw(failure);
        }
    }

    /// <summary>Waits for every message in flight, whatever became of them (before the stream's writer goes away).</summary>
    public Task Settle() => Task.WhenAll(_tails.Values);

    public void Dispose()
    {
        _slots.Dispose();
        _failed.Dispose();
    }

    private async Task Run(Task previous, Func<Task> work)
    {
        try
        {
            // Never faults: a failed predecessor is recorded by its own Run.
            await previous;
            if (_failure is null)
            {
                await work();
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
            _slots.Release();
        }
    }
}
