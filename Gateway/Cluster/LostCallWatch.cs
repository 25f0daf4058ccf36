using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Messaging;

namespace Switchboard.Gateway.Cluster;

/// <summary>
/// Knows which grain calls this gateway has in flight and breaks those a dead silo took with it.
/// <para>
/// Orleans 10 does not do this for a client: a request goes through a gateway silo, which forwards it without keeping
/// track of it, so when the silo holding the request dies nobody answers and the call waits out the client's response
/// timeout (30 s). Silos break their own calls to a silo once membership declares it dead; this does the same for
/// the gateway's calls. A lost connection to a silo opens a watch; the membership table is then read every
/// <see cref="FailoverOptions.MembershipCheckInterval"/>, and when a silo that was active at the loss is no longer,
/// every call still waiting that started before the loss is broken with <see cref="ClusterCallLostException"/>.
/// </para>
/// A call that started before the loss and is still running on a live silo when the death is declared (about 10 s
/// later) is broken too: the gateway cannot tell which silo a call went to.
/// </summary>
public sealed partial class LostCallWatch : IClusterConnectionStatusObserver, IDisposable
{
    private readonly IGatewayListProvider _membership;
    private readonly IOptions<FailoverOptions> _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<LostCallWatch> _logger;
    private readonly ConcurrentDictionary<long, InFlightCall> _calls = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly CancellationTokenRegistration _onStopping;
    private readonly Lock _lock = new();
    private long _nextCall;
    private long _lastLossAt;
    private Task? _watch;
    private TaskCompletionSource _settled = AlreadySettled();

    public LostCallWatch(IGatewayListProvider membership, IOptions<FailoverOptions> options, TimeProvider clock,
        IHostApplicationLifetime lifetime, ILogger<LostCallWatch> logger)
    {
        (_membership, _options, _clock, _logger) = (membership, options, clock, logger);
        // A gateway that is stopping closes its own connections: nothing died.
        _onStopping = lifetime.ApplicationStopping.Register(_stopping.Cancel);
    }

    /// <summary>A grain call in flight; <see cref="Lost"/> completes if its silo was declared dead before it answered.</summary>
    public sealed class InFlightCall(LostCallWatch watch, long id, long startedAt) : IDisposable
    {
        private readonly TaskCompletionSource _lost = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public long StartedAt { get; } = startedAt;

        public Task Lost => _lost.Task;

        internal void Break() => _lost.TrySetResult();

        public void Dispose() => watch._calls.TryRemove(id, out _);
    }

    /// <summary>Calls in flight now (for tests and metrics).</summary>
    public int InFlight => _calls.Count;

    /// <summary>
    /// Completes when membership has declared the silo of the last lost connection dead (or the watch gave up on it);
    /// at once when no loss is being watched. A call retried after it reaches the grain's new activation.
    /// </summary>
    public Task Settled => Volatile.Read(ref _settled).Task;

    public InFlightCall Track()
    {
        var id = Interlocked.Increment(ref _nextCall);
        var call = new InFlightCall(this, id, _clock.GetTimestamp());
        _calls[id] = call;
        return call;
    }

    void IClusterConnectionStatusObserver.NotifyGatewayCountChanged(int currentNumberOfGateways, int previousNumberOfGateways, bool connectionRecovered)
    {
        if (currentNumberOfGateways < previousNumberOfGateways)
        {
            OnConnectionLost();
        }
    }

    void IClusterConnectionStatusObserver.NotifyClusterConnectionLost() => OnConnectionLost();

    private void OnConnectionLost()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }
        lock (_lock)
        {
            Volatile.Write(ref _lastLossAt, _clock.GetTimestamp());
            if (_watch is null || _watch.IsCompleted)
            {
                Volatile.Write(ref _settled, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
                _watch = Task.Run(WatchMembership);
            }
        }
        LogConnectionLost(_logger, _calls.Count);
    }

    private async Task WatchMembership()
    {
        var wait = _options.Value.DeclarationWait;
        var interval = _options.Value.MembershipCheckInterval;
        var active = await ActiveSilos();
        try
        {
            while (!_stopping.IsCancellationRequested && _clock.GetElapsedTime(Volatile.Read(ref _lastLossAt)) < wait)
            {
                await Task.Delay(interval, _clock, _stopping.Token);
                var now = await ActiveSilos();
                if (active is null || now is null)
                {
                    active ??= now;
                    continue;
                }
                var gone = active.Except(now).ToList();
                if (gone.Count > 0)
                {
                    var broken = BreakCallsStartedBefore(Volatile.Read(ref _lastLossAt));
                    LogDeclaredDead(_logger, string.Join(", ", gone), broken);
                    Volatile.Read(ref _settled).TrySetResult();
                }
                active = now;
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // The gateway is stopping.
        }
        finally
        {
            Volatile.Read(ref _settled).TrySetResult();
        }
    }

    private static TaskCompletionSource AlreadySettled()
    {
        var settled = new TaskCompletionSource();
        settled.SetResult();
        return settled;
    }

    private int BreakCallsStartedBefore(long timestamp)
    {
        var broken = 0;
        foreach (var call in _calls.Values)
        {
            if (call.StartedAt <= timestamp && !call.Lost.IsCompleted)
            {
                call.Break();
                broken++;
            }
        }
        return broken;
    }

    /// <summary>The gateway endpoints of the silos the membership table lists as active; null when it cannot be read.</summary>
    private async Task<HashSet<Uri>?> ActiveSilos()
    {
        try
        {
            return [.. await _membership.GetGateways()];
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogMembershipUnreadable(_logger, e);
            return null;
        }
    }

    public void Dispose()
    {
        _onStopping.Dispose();
        _stopping.Cancel();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lost the connection to a silo with {InFlight} grain calls in flight; watching membership for its death")]
    private static partial void LogConnectionLost(ILogger logger, int inFlight);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Membership no longer lists {Silos} as active; broke {Calls} grain calls that were in flight when the connection was lost")]
    private static partial void LogDeclaredDead(ILogger logger, string silos, int calls);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cannot read the membership table while watching for a dead silo")]
    private static partial void LogMembershipUnreadable(ILogger logger, Exception exception);
}
