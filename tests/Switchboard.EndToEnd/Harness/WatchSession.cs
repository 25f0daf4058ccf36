using Grpc.Core;
using Switchboard.V1;

namespace Switchboard.EndToEnd.Harness;

/// <summary>A supervisor dashboard's Watch stream.</summary>
public sealed class WatchSession : IAsyncDisposable
{
    private readonly AsyncServerStreamingCall<WatchResponse> _call;
    private readonly CancellationTokenSource _cancel = new();
    private readonly Task _reader;
    private readonly Dictionary<string, QueueFigures> _queues = [];
    private readonly Dictionary<string, AgentFigures> _agents = [];

    private WatchSession(AsyncServerStreamingCall<WatchResponse> call)
    {
        _call = call;
        _reader = Task.Run(ReadAll);
    }

    /// <summary>Frames as they arrived, each with the time it arrived (the assembled floor already includes them).</summary>
    public StreamInbox<(WatchResponse Frame, DateTimeOffset ReceivedAt)> Inbox { get; } = new();

    public WatchResponse Snapshot { get; private set; } = new();

    private DateTimeOffset _lastFrameAt;

    public static Task<WatchSession> Open(SwitchboardNode node, string queueId = "") => Open(node.Supervisor, queueId);

    public static async Task<WatchSession> Open(SupervisorService.SupervisorServiceClient supervisor, string queueId = "")
    {
        var request = new WatchRequest { QueueId = queueId };
        var call = supervisor.Watch(request);
        var session = new WatchSession(call);
        session.Snapshot = (await session.Inbox.Next(f => f.Frame.Snapshot)).Frame;
        return session;
    }

    /// <summary>
    /// Waits until the floor as the viewer has assembled it (snapshot plus deltas) shows the queue matching;
    /// returns the queue's figures and when the frame that made it so arrived.
    /// </summary>
    public async Task<(QueueFigures Queue, DateTimeOffset ReceivedAt)> UntilQueue(string queueId, Func<QueueFigures, bool> match, TimeSpan? wait = null)
    {
        // A frame already read (perhaps while waiting for another queue) may have made it so.
        if (Queue(queueId) is { } already && match(already))
        {
            return (already, _lastFrameAt);
        }
        var (_, at) = await Inbox.Next(_ => Queue(queueId) is { } q && match(q), wait);
        return (Queue(queueId)!, at);
    }

    public async Task<AgentFigures> UntilAgent(string agentId, Func<AgentFigures, bool> match, TimeSpan? wait = null)
    {
        if (Agent(agentId) is { } already && match(already))
        {
            return already;
        }
        await Inbox.Next(_ => Agent(agentId) is { } a && match(a), wait);
        return Agent(agentId)!;
    }

    public QueueFigures? Queue(string queueId)
    {
        lock (_queues)
        {
            return _queues.GetValueOrDefault(queueId);
        }
    }

    public AgentFigures? Agent(string agentId)
    {
        lock (_queues)
        {
            return _agents.GetValueOrDefault(agentId);
        }
    }

    private void Apply(WatchResponse frame)
    {
        lock (_queues)
        {
            _lastFrameAt = DateTimeOffset.UtcNow;
            if (frame.Snapshot)
            {
                _queues.Clear();
                _agents.Clear();
            }
            foreach (var queue in frame.Queues)
            {
                _queues[queue.QueueId] = queue;
            }
            foreach (var agent in frame.Agents)
            {
                _agents[agent.AgentId] = agent;
            }
        }
    }

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
            await foreach (var frame in _call.ResponseStream.ReadAllAsync(_cancel.Token))
            {
                Apply(frame);
                Inbox.Add((frame, DateTimeOffset.UtcNow));
            }
            Inbox.Complete();
        }
        catch (Exception e) when (e is RpcException or OperationCanceledException or ObjectDisposedException)
        {
            Inbox.Complete(e);
        }
    }
}
