using System.Threading.Channels;

namespace Switchboard.EndToEnd.Harness;

/// <summary>Collects what a server stream sends, so a test can wait (bounded) for the item it expects.</summary>
public sealed class StreamInbox<T>
{
    public static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(15);

    private readonly Channel<T> _items = Channel.CreateUnbounded<T>();
    private readonly List<T> _seen = [];

    public IReadOnlyList<T> Seen
    {
        get
        {
            lock (_seen)
            {
                return _seen.ToArray();
            }
        }
    }

    public void Add(T item)
    {
        lock (_seen)
        {
            _seen.Add(item);
        }
        _items.Writer.TryWrite(item);
    }

    public void Complete(Exception? error = null) => _items.Writer.TryComplete(error);

    /// <summary>The next item matching <paramref name="match"/>, skipping others; fails after the wait.</summary>
    public async Task<T> Next(Func<T, bool> match, TimeSpan? wait = null)
    {
        using var timeout = new CancellationTokenSource(wait ?? DefaultWait);
        try
        {
            while (true)
            {
                var item = await _items.Reader.ReadAsync(timeout.Token);
                if (match(item))
                {
                    return item;
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"Nothing matching arrived within {(wait ?? DefaultWait).TotalSeconds} s; seen: {string.Join(" | ", Seen)}");
        }
    }

    /// <summary>True when nothing matching arrives within the wait.</summary>
    public async Task<bool> NothingWithin(Func<T, bool> match, TimeSpan wait)
    {
        try
        {
            await Next(match, wait);
            return false;
        }
        catch (TimeoutException)
        {
            return true;
        }
    }
}
