using Grpc.Core;
using Switchboard.V1;

namespace Switchboard.EndToEnd.Harness;

/// <summary>An agent desktop's stream.</summary>
public sealed class DeskSession : IAsyncDisposable
{
    private readonly AsyncServerStreamingCall<StreamDeskResponse> _call;
    private readonly CancellationTokenSource _cancel = new();
    private readonly Task _reader;

    private DeskSession(AsyncServerStreamingCall<StreamDeskResponse> call)
    {
        _call = call;
        _reader = Task.Run(ReadAll);
    }

    public StreamInbox<StreamDeskResponse> Inbox { get; } = new();

    public DeskSnapshot Snapshot { get; private set; } = new();

    public static async Task<DeskSession> Open(SwitchboardNode node, string agentId)
    {
        var session = new DeskSession(node.Agents.StreamDesk(new StreamDeskRequest { AgentId = agentId }));
        session.Snapshot = (await session.Inbox.Next(e => e.EventCase == StreamDeskResponse.EventOneofCase.Snapshot)).Snapshot;
        return session;
    }

    public async Task<Offer> NextOffer() => (await Inbox.Next(e => e.EventCase == StreamDeskResponse.EventOneofCase.Offer)).Offer;

    public async Task<V1.Ticket> NextAssigned() =>
        (await Inbox.Next(e => e.EventCase == StreamDeskResponse.EventOneofCase.TicketAssigned)).TicketAssigned.Ticket;

    public async Task<TicketMessage> NextMessage() =>
        (await Inbox.Next(e => e.EventCase == StreamDeskResponse.EventOneofCase.TicketMessage)).TicketMessage;

    /// <summary>Drops the stream as a closed laptop would.</summary>
    public async ValueTask DisposeAsync()
    {
        await _cancel.CancelAsync();
        _call.Dispose();
        await _reader;
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
