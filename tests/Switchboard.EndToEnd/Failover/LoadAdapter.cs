using System.Collections.Concurrent;
using System.Diagnostics;
using Grpc.Core;
using Switchboard.EndToEnd.Harness;
using Switchboard.V1;

namespace Switchboard.EndToEnd.Failover;

/// <summary>
/// A channel adapter as one should be written for a cluster: one stream through a gateway, every inbound message
/// retried with its own id until acked, every outbound delivery acked, and on any stream failure a reconnect (to
/// the next gateway when this one is gone) with a hello carrying the last acked delivery.
/// </summary>
public sealed class LoadAdapter(string adapterId, IReadOnlyList<SwitchboardNode> gateways, int firstGateway) : IAsyncDisposable
{
    private static readonly TimeSpan AckWait = TimeSpan.FromSeconds(10);

    private readonly SemaphoreSlim _write = new(1, 1);
    private readonly SemaphoreSlim _connect = new(1, 1);
    private readonly ConcurrentDictionary<string, TaskCompletionSource<StreamConversationsResponse>> _waiting = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _deliveries = new(StringComparer.Ordinal);
    private AsyncDuplexStreamingCall<StreamConversationsRequest, StreamConversationsResponse>? _call;
    private int _gateway = firstGateway;
    private long _lastAcked;
    private int _pendingAtWelcome;
    private volatile bool _disposed;

    public string AdapterId => adapterId;

    /// <summary>Streams opened after the first one.</summary>
    public int Reconnects { get; private set; } = -1;

    /// <summary>The gateway index the current stream goes through.</summary>
    public int CurrentGateway => _gateway;

    /// <summary>Outbound messages received (and acked), by "ticket#sequence", with how many times each came.</summary>
    public IReadOnlyDictionary<string, long> Deliveries => _deliveries;

    public long LastAcked => Interlocked.Read(ref _lastAcked);

    /// <summary>Sends until acked (the same adapter message id every time); returns the ack and how long it took.</summary>
    public async Task<(InboundAck Ack, TimeSpan Took)> Send(InboundMessage message, CancellationToken giveUp)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            giveUp.ThrowIfCancellationRequested();
            var call = await Connected(giveUp);
            var answer = new TaskCompletionSource<StreamConversationsResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiting[message.AdapterMessageId] = answer;
            try
            {
                await Write(call, new() { Inbound = message });
                var response = await answer.Task.WaitAsync(AckWait, giveUp);
                if (response.FrameCase == StreamConversationsResponse.FrameOneofCase.InboundAck)
                {
                    return (response.InboundAck, clock.Elapsed);
                }
                var code = (StatusCode)response.InboundRejected.Code;
                Assert.True(code is StatusCode.Unavailable or StatusCode.Internal or StatusCode.Unknown or StatusCode.DeadlineExceeded or StatusCode.Aborted,
                    $"{adapterId}: {message.AdapterMessageId} refused for good: {response.InboundRejected}");
            }
            catch (Exception e) when (e is RpcException or IOException or TimeoutException or InvalidOperationException or ObjectDisposedException)
            {
                Drop(call);
            }
            finally
            {
                _waiting.TryRemove(message.AdapterMessageId, out _);
            }
            await Task.Delay(100, giveUp);
        }
    }

    /// <summary>Opens a stream afresh and returns how many deliveries the outbox still holds for this adapter.</summary>
    public async Task<int> PendingAfterReconnect()
    {
        if (_call is { } call)
        {
            Drop(call);
        }
        await Connected(CancellationToken.None);
        return _pendingAtWelcome;
    }

    private async Task<AsyncDuplexStreamingCall<StreamConversationsRequest, StreamConversationsResponse>> Connected(CancellationToken cancellation)
    {
        if (_call is { } open)
        {
            return open;
        }
        await _connect.WaitAsync(cancellation);
        try
        {
            while (_call is null)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                var call = gateways[_gateway].Channels.StreamConversations(cancellationToken: CancellationToken.None);
                try
                {
                    await call.RequestStream.WriteAsync(new() { Hello = new AdapterHello { AdapterId = adapterId, LastAckedDeliverySequence = LastAcked } }, CancellationToken.None);
                    using var welcomeWait = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                    if (!await call.ResponseStream.MoveNext(welcomeWait.Token) || call.ResponseStream.Current.FrameCase != StreamConversationsResponse.FrameOneofCase.Welcome)
                    {
                        throw new IOException("no welcome");
                    }
                    _pendingAtWelcome = call.ResponseStream.Current.Welcome.PendingDeliveries;
                    _call = call;
                    Reconnects++;
                    _ = Task.Run(() => Read(call), CancellationToken.None);
                }
                catch (Exception e) when (e is RpcException or IOException or OperationCanceledException)
                {
                    call.Dispose();
                    _gateway = (_gateway + 1) % gateways.Count;
                    await Task.Delay(200, cancellation);
                }
            }
            return _call;
        }
        finally
        {
            _connect.Release();
        }
    }

    private async Task Read(AsyncDuplexStreamingCall<StreamConversationsRequest, StreamConversationsResponse> call)
    {
        try
        {
            while (await call.ResponseStream.MoveNext(CancellationToken.None))
            {
                var frame = call.ResponseStream.Current;
                switch (frame.FrameCase)
                {
                    case StreamConversationsResponse.FrameOneofCase.InboundAck:
                        Answer(frame.InboundAck.AdapterMessageId, frame);
                        break;
                    case StreamConversationsResponse.FrameOneofCase.InboundRejected:
                        Answer(frame.InboundRejected.AdapterMessageId, frame);
                        break;
                    case StreamConversationsResponse.FrameOneofCase.Outbound:
                        var outbound = frame.Outbound;
                        _deliveries.AddOrUpdate($"{outbound.TicketId}#{outbound.TicketSequence}", 1, (_, n) => n + 1);
                        await Write(call, new() { DeliveryAck = new DeliveryAck { DeliverySequence = outbound.DeliverySequence } });
                        InterlockedMax(ref _lastAcked, outbound.DeliverySequence);
                        break;
                    default:
                        break;
                }
            }
        }
        catch (Exception e) when (e is RpcException or IOException or InvalidOperationException or ObjectDisposedException or OperationCanceledException)
        {
            // The stream broke.
        }
        Drop(call);
        // Reconnect at once, as a real adapter does, so outbound messages keep flowing even with nothing to send.
        try
        {
            await Connected(CancellationToken.None);
        }
        catch (ObjectDisposedException)
        {
            // The test is over.
        }
    }

    private void Answer(string adapterMessageId, StreamConversationsResponse frame)
    {
        if (_waiting.TryGetValue(adapterMessageId, out var waiting))
        {
            waiting.TrySetResult(frame);
        }
    }

    private async Task Write(AsyncDuplexStreamingCall<StreamConversationsRequest, StreamConversationsResponse> call, StreamConversationsRequest frame)
    {
        await _write.WaitAsync();
        try
        {
            await call.RequestStream.WriteAsync(frame);
        }
        finally
        {
            _write.Release();
        }
    }

    /// <summary>Forgets a broken stream (once) and fails whatever waited on it, so senders retry on a new one.</summary>
    private void Drop(AsyncDuplexStreamingCall<StreamConversationsRequest, StreamConversationsResponse> call)
    {
        if (Interlocked.CompareExchange(ref _call, null, call) != call)
        {
            return;
        }
        call.Dispose();
        foreach (var waiting in _waiting.Values)
        {
            waiting.TrySetException(new IOException("stream ended"));
        }
    }

    private static void InterlockedMax(ref long target, long value)
    {
        var current = Interlocked.Read(ref target);
        while (value > current && Interlocked.CompareExchange(ref target, value, current) != current)
        {
            current = Interlocked.Read(ref target);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        if (_call is { } call)
        {
            try
            {
                await call.RequestStream.CompleteAsync();
            }
            catch (Exception e) when (e is RpcException or InvalidOperationException)
            {
                // Already ended.
            }
            Drop(call);
        }
        _write.Dispose();
        _connect.Dispose();
    }
}
