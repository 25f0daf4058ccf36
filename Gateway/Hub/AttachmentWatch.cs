using Orleans.Runtime;

namespace Switchboard.Gateway.Hub;

/// <summary>
/// Asks, every few seconds while a stream is open, whether the grain feeding it still knows the stream. A grain
/// whose silo died comes back as a fresh activation that knows no stream, and would stay silent (or let the agent
/// go offline) while the stream looks healthy; the watch then cancels <see cref="Token"/> so the stream ends and
/// its client reconnects, attaching again.
/// </summary>
public sealed class AttachmentWatch : IDisposable
{
    /// <summary>How often to ask by default; well under the desk grace period (Switchboard:Routing:DeskGracePeriod, 15 s by default).</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(3);

    private readonly CancellationTokenSource _ended;
    private readonly TimeSpan _interval;

    /// <param name="interval">How often to ask; <see cref="Interval"/> when null.</param>
    public AttachmentWatch(Func<Task<bool>> stillAttached, CancellationToken streamEnded, TimeSpan? interval = null)
    {
        _interval = interval ?? Interval;
        _ended = CancellationTokenSource.CreateLinkedTokenSource(streamEnded);
        Token = _ended.Token;
        _ = Watch(stillAttached, Token);
    }

    /// <summary>Cancelled when the stream ends or the attachment is lost.</summary>
    public CancellationToken Token { get; }

    /// <summary>True once the grain answered that it no longer knows the stream.</summary>
    public bool Lost { get; private set; }

    private async Task Watch(Func<Task<bool>> stillAttached, CancellationToken token)
    {
        try
        {
            while (true)
            {
                await Task.Delay(_interval, token);
                try
                {
                    // A call in flight to a silo that was just killed only fails once membership declares the silo
                    // dead (LostCallWatch, about 10 s): stop waiting for it after one interval and ask again.
                    if (!await stillAttached().WaitAsync(_interval, token))
                    {
                        Lost = true;
                        await _ended.CancelAsync();
                        return;
                    }
                }
                catch (Exception e) when (e is OrleansException or TimeoutException)
                {
                    // The silo is unreachable for now (a dead one not yet declared so): ask again next round.
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
        {
            // The stream ended.
        }
    }

    public void Dispose()
    {
        _ended.Cancel();
        _ended.Dispose();
    }
}
