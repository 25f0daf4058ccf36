using System.Collections.Concurrent;
using System.Diagnostics;
using Grpc.Core;
using Switchboard.Simulator.Figures;
using Switchboard.V1;

namespace Switchboard.Simulator.Customers;

/// <summary>
/// One channel adapter's stream, as a chat widget or mail gateway would drive it: customers' messages go up
/// and wait for their durable ack; agents' replies come down, go to their conversation and are acked.
/// </summary>
public sealed class AdapterLine : IAsyncDisposable
{
    private static readonly TimeSpan AckTimeout = TimeSpan.FromSeconds(30);

    private readonly AsyncDuplexStreamingCall<StreamConversationsRequest, StreamConversationsResponse> _call;
    private readonly ConcurrentDictionary<string, TaskCompletionSource<StreamConversationsResponse>> _awaitingAck = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource<int> _welcome = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly Action<OutboundMessage, long> _deliver;
    private readonly SimulationFigures _figures;
    private Task _reader = Task.CompletedTask;
    private int _backlog;
    private bool _closing;

    private AdapterLine(SwitchboardConnection connection, string adapterId, Action<OutboundMessage, long> deliver, SimulationFigures figures)
    {
        AdapterId = adapterId;
        _deliver = deliver;
        _figures = figures;
        _call = connection.Channels.StreamConversations(cancellationToken: _stop.Token);
    }

    public string AdapterId { get; }

    /// <summary>Opens the stream; <paramref name="deliver"/> gets each reply for this run (with its arrival timestamp).</summary>
    public static async Task<AdapterLine> Open(
        SwitchboardConnection connection, string adapterId, Action<OutboundMessage, long> deliver, SimulationFigures figures, CancellationToken cancellationToken)
    {
        var line = new AdapterLine(connection, adapterId, deliver, figures);
        line._reader = Task.Run(line.ReadAll, CancellationToken.None);
        await line.Write(new() { Hello = new AdapterHello { AdapterId = adapterId } });
        // Replies an earlier run left unacked come first; they are acked but not counted as this run's.
        await line._welcome.Task.WaitAsync(AckTimeout, cancellationToken);
        return line;
    }

    /// <summary>Sends a customer's message; the ack once it is durable (with when the message was sent), or null when it was rejected.</summary>
    public async Task<(InboundAck Ack, long SentAt)?> Send(InboundMessage message)
    {
        var answer = new TaskCompletionSource<StreamConversationsResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        _awaitingAck[message.AdapterMessageId] = answer;
        var start = Stopwatch.GetTimestamp();
        await Write(new() { Inbound = message });
        _figures.InboundWritten();
        var response = await answer.Task.WaitAsync(AckTimeout);
        if (response.FrameCase == StreamConversationsResponse.FrameOneofCase.InboundRejected)
        {
            _figures.InboundRefused(response.InboundRejected.Message);
            return null;
        }
        _figures.InboundAck.RecordSince(start);
        _figures.InboundAcknowledged();
        return (response.InboundAck, start);
    }

    public async ValueTask DisposeAsync()
    {
        _closing = true;
        try
        {
            await _writeGate.WaitAsync();
            await _call.RequestStream.CompleteAsync();
        }
        catch (Exception e) when (e is InvalidOperationException or RpcException)
        {
            // The call already ended.
        }
        finally
        {
            _writeGate.Release();
        }
        // A graceful close: the gateway ends the call once it has handled every frame sent.
        await Task.WhenAny(_reader, Task.Delay(TimeSpan.FromSeconds(5)));
        await _stop.CancelAsync();
        await _reader;
        _call.Dispose();
        _stop.Dispose();
        _writeGate.Dispose();
    }

    private async Task Write(StreamConversationsRequest frame)
    {
        await _writeGate.WaitAsync();
        try
        {
            await _call.RequestStream.WriteAsync(frame);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private async Task ReadAll()
    {
        try
        {
            await foreach (var response in _call.ResponseStream.ReadAllAsync(_stop.Token))
            {
                await Handle(response);
            }
            Fail(new RpcException(new Status(StatusCode.Unavailable, "the gateway ended the adapter stream")));
        }
        catch (Exception e) when (e is RpcException or OperationCanceledException or InvalidOperationException)
        {
            if (!_closing)
            {
                _figures.Error($"adapter stream {AdapterId}", e);
            }
            Fail(e);
        }
    }

    private async Task Handle(StreamConversationsResponse response)
    {
        switch (response.FrameCase)
        {
            case StreamConversationsResponse.FrameOneofCase.Welcome:
                _backlog = response.Welcome.PendingDeliveries;
                _welcome.TrySetResult(_backlog);
                break;
            case StreamConversationsResponse.FrameOneofCase.InboundAck:
                Answer(response.InboundAck.AdapterMessageId, response);
                break;
            case StreamConversationsResponse.FrameOneofCase.InboundRejected:
                Answer(response.InboundRejected.AdapterMessageId, response);
                break;
            case StreamConversationsResponse.FrameOneofCase.Outbound:
                var arrived = Stopwatch.GetTimestamp();
                if (Interlocked.Decrement(ref _backlog) < 0)
                {
                    _deliver(response.Outbound, arrived);
                }
                await Write(new() { DeliveryAck = new DeliveryAck { DeliverySequence = response.Outbound.DeliverySequence } });
                break;
            default:
                break;
        }
    }

    private void Answer(string adapterMessageId, StreamConversationsResponse response)
    {
        if (_awaitingAck.TryRemove(adapterMessageId, out var answer))
        {
            answer.TrySetResult(response);
        }
    }

    private void Fail(Exception error)
    {
        _welcome.TrySetException(error);
        foreach (var id in _awaitingAck.Keys)
        {
            if (_awaitingAck.TryRemove(id, out var answer))
            {
                answer.TrySetException(error);
            }
        }
    }
}
