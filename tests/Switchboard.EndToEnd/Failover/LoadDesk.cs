using System.Collections.Concurrent;
using Grpc.Core;
using Switchboard.EndToEnd.Harness;
using Switchboard.V1;

namespace Switchboard.EndToEnd.Failover;

/// <summary>
/// An agent desktop as a real one behaves: keeps its desk stream open (reconnecting, to the next gateway when one
/// is gone, whenever the stream fails), goes available again if it finds itself offline, answers every ticket it
/// is assigned once, and solves it when the customer is done.
/// </summary>
public sealed class LoadDesk(string agentId, IReadOnlyList<SwitchboardNode> gateways, int firstGateway, Func<string, bool> customerDone)
{
    private readonly ConcurrentDictionary<string, byte> _open = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _replies = new(StringComparer.Ordinal);
    private readonly ConcurrentBag<string> _problems = [];

    // What the stream asks for is done apart from reading it, as a desktop UI does: a slow call never keeps the
    // desk from noticing that its stream ended. A null ticket id means "go available".
    private readonly System.Threading.Channels.Channel<string?> _work = System.Threading.Channels.Channel.CreateUnbounded<string?>();
    private int _gateway = firstGateway;

    /// <summary>Calls refused for good, for the test to report.</summary>
    public IReadOnlyCollection<string> Problems => _problems;

    public IEnumerable<string> OpenTicketIds => _open.Keys;

    public string AgentId => agentId;

    /// <summary>Desk streams opened after the first one.</summary>
    public int Reconnects { get; private set; } = -1;

    /// <summary>Every reply this desk sent and the gateway accepted: ticket id → its sequence in the ticket's log.</summary>
    public IReadOnlyDictionary<string, long> Replies => _replies;

    public int OpenTickets => _open.Count;

    public Task Run(CancellationToken stop) => Task.WhenAll(
        Task.Run(() => Listen(stop), CancellationToken.None), Task.Run(() => Work(stop), CancellationToken.None), Task.Run(() => Solve(stop), CancellationToken.None));

    private async Task Listen(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var agents = gateways[_gateway].Agents;
            try
            {
                using var call = agents.StreamDesk(new StreamDeskRequest { AgentId = agentId }, cancellationToken: stop);
                Reconnects++;
                // Like a desktop, give up on a snapshot that does not come and try again.
                using (var snapshotWait = CancellationTokenSource.CreateLinkedTokenSource(stop))
                {
                    snapshotWait.CancelAfter(TimeSpan.FromSeconds(5));
                    if (!await call.ResponseStream.MoveNext(snapshotWait.Token))
                    {
                        continue;
                    }
                }
                do
                {
                    var frame = call.ResponseStream.Current;
                    if (frame.EventCase == StreamDeskResponse.EventOneofCase.Snapshot)
                    {
                        if (frame.Snapshot.Presence != Presence.Available)
                        {
                            _work.Writer.TryWrite(null);
                        }
                        foreach (var ticketId in frame.Snapshot.AssignedTicketIds)
                        {
                            _work.Writer.TryWrite(ticketId);
                        }
                    }
                    else if (frame.EventCase == StreamDeskResponse.EventOneofCase.TicketAssigned)
                    {
                        _work.Writer.TryWrite(frame.TicketAssigned.Ticket.TicketId);
                    }
                }
                while (await call.ResponseStream.MoveNext(stop));
            }
            catch (RpcException) when (!stop.IsCancellationRequested)
            {
                // The stream or a call failed: reconnect through the next gateway, as a desktop would.
            }
            catch (Exception e) when ((e is OperationCanceledException || e is RpcException { StatusCode: StatusCode.Cancelled }) && stop.IsCancellationRequested)
            {
                return;
            }
            _gateway = (_gateway + 1) % gateways.Count;
            await Task.Delay(200, CancellationToken.None);
        }
    }

    private async Task Work(CancellationToken stop)
    {
        try
        {
            await foreach (var ticketId in _work.Reader.ReadAllAsync(stop))
            {
                try
                {
                    if (ticketId is null)
                    {
                        await gateways[_gateway].Agents.SetPresenceAsync(new() { AgentId = agentId, Presence = Presence.Available }, cancellationToken: stop);
                    }
                    else
                    {
                        await Answer(ticketId, stop);
                    }
                }
                catch (RpcException e) when (e.StatusCode is StatusCode.Unavailable or StatusCode.Internal or StatusCode.Unknown or StatusCode.DeadlineExceeded)
                {
                    _work.Writer.TryWrite(ticketId);
                    await Task.Delay(200, stop);
                }
                catch (RpcException e) when (e.StatusCode != StatusCode.Cancelled)
                {
                    _problems.Add($"{agentId} could not answer {ticketId}: {e.Status}");
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException || e is RpcException { StatusCode: StatusCode.Cancelled })
        {
            // The test stopped the desk.
        }
    }

    /// <summary>Replies once to a ticket assigned to this agent (a retried reply may be stored twice; the test checks only delivery).</summary>
    private async Task Answer(string ticketId, CancellationToken stop)
    {
        if (_replies.ContainsKey(ticketId))
        {
            _open.TryAdd(ticketId, 0);
            return;
        }
        var reply = await gateways[_gateway].Agents.ReplyAsync(new() { AgentId = agentId, TicketId = ticketId, Body = $"Reply to {ticketId}" }, cancellationToken: stop);
        _replies[ticketId] = reply.Sequence;
        _open.TryAdd(ticketId, 0);
    }

    private async Task Solve(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            foreach (var ticketId in _open.Keys)
            {
                if (!customerDone(ticketId))
                {
                    continue;
                }
                try
                {
                    await gateways[_gateway].Agents.SolveTicketAsync(new() { AgentId = agentId, TicketId = ticketId }, cancellationToken: stop);
                    _open.TryRemove(ticketId, out _);
                }
                catch (RpcException e) when (e.StatusCode is StatusCode.Unavailable or StatusCode.Internal or StatusCode.Unknown or StatusCode.DeadlineExceeded)
                {
                    // Try again on the next round.
                }
                catch (RpcException e) when (!stop.IsCancellationRequested)
                {
                    // Refused for good: the test reports it.
                    _problems.Add($"{agentId} could not solve {ticketId}: {e.Status}");
                    _open.TryRemove(ticketId, out _);
                }
                catch (Exception e) when ((e is OperationCanceledException || e is RpcException { StatusCode: StatusCode.Cancelled }) && stop.IsCancellationRequested)
                {
                    return;
                }
            }
            try
            {
                await Task.Delay(100, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
