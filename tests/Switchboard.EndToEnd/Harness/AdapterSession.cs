using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Switchboard.V1;

namespace Switchboard.EndToEnd.Harness;

/// <summary>A channel adapter's stream, as an adapter author would drive it.</summary>
public sealed class AdapterSession : IAsyncDisposable
{
    private readonly AsyncDuplexStreamingCall<StreamConversationsRequest, StreamConversationsResponse> _call;
    private readonly CancellationTokenSource _cancel = new();
    private readonly Task _reader;

    private AdapterSession(AsyncDuplexStreamingCall<StreamConversationsRequest, StreamConversationsResponse> call)
    {
        _call = call;
        _reader = Task.Run(ReadAll);
    }

    public StreamInbox<StreamConversationsResponse> Inbox { get; } = new();

    public static Task<AdapterSession> Open(SwitchboardNode node, string adapterId, long lastAcked = 0) =>
        Open(node.Channels, adapterId, lastAcked);

    /// <summary>Opens the stream through the given client (for example one that names a tenant) and waits for the welcome.</summary>
    public static async Task<AdapterSession> Open(ChannelService.ChannelServiceClient channels, string adapterId, long lastAcked = 0)
    {
        var session = new AdapterSession(channels.StreamConversations());
        await session._call.RequestStream.WriteAsync(new() { Hello = new AdapterHello { AdapterId = adapterId, LastAckedDeliverySequence = lastAcked } });
        await session.Inbox.Next(r => r.FrameCase == StreamConversationsResponse.FrameOneofCase.Welcome);
        return session;
    }

    public static InboundMessage Message(string conversationId, string messageId, string body, string sender = "+15550100", Channel channel = Channel.Chat) => new()
    {
        Channel = channel,
        ConversationId = conversationId,
        AdapterMessageId = messageId,
        SenderAddress = sender,
        Body = body,
        SentAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow),
    };

    /// <summary>Sends a message and waits for its ack or rejection.</summary>
    public async Task<StreamConversationsResponse> Send(InboundMessage message)
    {
        await _call.RequestStream.WriteAsync(new() { Inbound = message });
        return await Inbox.Next(r =>
            (r.FrameCase == StreamConversationsResponse.FrameOneofCase.InboundAck && r.InboundAck.AdapterMessageId == message.AdapterMessageId)
            || (r.FrameCase == StreamConversationsResponse.FrameOneofCase.InboundRejected && r.InboundRejected.AdapterMessageId == message.AdapterMessageId));
    }

    /// <summary>Sends a message without waiting for its answer (a busy adapter keeps several in flight).</summary>
    public Task Write(InboundMessage message) => _call.RequestStream.WriteAsync(new() { Inbound = message });

    public async Task<InboundAck> SendAcked(InboundMessage message)
    {
        var response = await Send(message);
        Assert.True(response.FrameCase == StreamConversationsResponse.FrameOneofCase.InboundAck, $"expected an ack, got {response}");
        return response.InboundAck;
    }

    public async Task<OutboundMessage> NextOutbound() =>
        (await Inbox.Next(r => r.FrameCase == StreamConversationsResponse.FrameOneofCase.Outbound)).Outbound;

    public Task Ack(long deliverySequence) =>
        _call.RequestStream.WriteAsync(new() { DeliveryAck = new DeliveryAck { DeliverySequence = deliverySequence } });

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _call.RequestStream.CompleteAsync();
        }
        catch (InvalidOperationException)
        {
            // The call already ended.
        }
        catch (RpcException)
        {
            // The server already ended the call.
        }
        // A graceful close: the server ends the call only after it has handled every frame we sent.
        await Task.WhenAny(_reader, Task.Delay(TimeSpan.FromSeconds(5)));
        await _cancel.CancelAsync();
        await _reader;
        _call.Dispose();
        _cancel.Dispose();
    }

    private async Task ReadAll()
    {
        try
        {
            await foreach (var response in _call.ResponseStream.ReadAllAsync(_cancel.Token))
            {
                Inbox.Add(response);
            }
            Inbox.Complete();
        }
        catch (Exception e) when (e is RpcException or OperationCanceledException or ObjectDisposedException)
        {
            Inbox.Complete(e);
        }
    }
}
