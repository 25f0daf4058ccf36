using System.Collections.Concurrent;
using System.Diagnostics;
using Grpc.Core;
using Switchboard.Simulator.Customers;
using Switchboard.V1;

namespace Switchboard.Simulator.Agents;

/// <summary>
/// An agent at a desk: goes available, accepts offers after a moment, greets the customer, answers each
/// message, and after the handle time wraps up and solves the ticket. At the end of the shift the agent
/// solves whatever is still open and logs off.
/// </summary>
public sealed class SimulatedAgent(SimulationRun run, string agentId) : IDisposable
{
    private static readonly string[] Answers =
    [
        "Thanks, let me look into that for you.",
        "I can see it here; one moment please.",
        "That is sorted now. Anything else I can help with?",
        "I have sent you a confirmation.",
    ];

    private readonly ConcurrentDictionary<string, System.Threading.Channels.Channel<TicketMessage>> _tickets = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Task, bool> _work = new();
    private readonly CancellationTokenSource _shift = new();
    private readonly OccupancyClock _occupancy = new();
    private AsyncServerStreamingCall<StreamDeskResponse>? _desk;
    private Task _reader = Task.CompletedTask;

    public string AgentId { get; } = agentId;

    public OccupancyClock Occupancy => _occupancy;

    /// <summary>Creates the agent, opens the desk, finishes any work an earlier run left, and goes available.</summary>
    public async Task StartShift(CancellationToken cancellationToken)
    {
        var agents = run.Connection.Agents;
        await run.Connection.Admin.UpsertAgentAsync(
            new() { Agent = new AgentProfile { AgentId = AgentId, DisplayName = $"Simulated agent {AgentId}" } }, cancellationToken: cancellationToken);
        _desk = agents.StreamDesk(new StreamDeskRequest { AgentId = AgentId }, cancellationToken: _shift.Token);
        if (!await _desk.ResponseStream.MoveNext(cancellationToken) || _desk.ResponseStream.Current.EventCase != StreamDeskResponse.EventOneofCase.Snapshot)
        {
            throw new InvalidOperationException($"The desk of {AgentId} did not open with a snapshot.");
        }
        foreach (var leftOver in _desk.ResponseStream.Current.Snapshot.AssignedTicketIds)
        {
            await agents.SolveTicketAsync(new() { AgentId = AgentId, TicketId = leftOver }, cancellationToken: cancellationToken);
        }
        _reader = Task.Run(ReadDesk, CancellationToken.None);
        await agents.SetPresenceAsync(new() { AgentId = AgentId, Presence = Presence.Available }, cancellationToken: cancellationToken);
        _occupancy.Staffed();
    }

    /// <summary>Stops taking work, solves what is still open, and goes offline.</summary>
    public async Task EndShift()
    {
        await _shift.CancelAsync();
        await Task.WhenAll(_work.Keys);
        try
        {
            await run.Connection.Agents.SetPresenceAsync(new() { AgentId = AgentId, Presence = Presence.Offline }, deadline: Deadline());
        }
        catch (RpcException e)
        {
            run.Figures.Error("go offline", e);
        }
        _occupancy.OffShift();
        await _reader;
    }

    public void Dispose()
    {
        _desk?.Dispose();
        _shift.Dispose();
    }

    private async Task ReadDesk()
    {
        try
        {
            await foreach (var deskEvent in _desk!.ResponseStream.ReadAllAsync(_shift.Token))
            {
                switch (deskEvent.EventCase)
                {
                    case StreamDeskResponse.EventOneofCase.Offer:
                        run.Figures.OfferArrived();
                        run.OfferDelivery.Effect(deskEvent.Offer.TicketId, Stopwatch.GetTimestamp());
                        Track(TakeOffer(deskEvent.Offer.TicketId));
                        break;
                    case StreamDeskResponse.EventOneofCase.TicketMessage:
                        if (_tickets.TryGetValue(deskEvent.TicketMessage.TicketId, out var inbox))
                        {
                            inbox.Writer.TryWrite(deskEvent.TicketMessage);
                        }
                        break;
                    default:
                        break;
                }
            }
        }
        catch (Exception e) when (e is RpcException or OperationCanceledException)
        {
            if (!_shift.IsCancellationRequested)
            {
                run.Figures.Error($"desk of {AgentId}", e);
            }
        }
    }

    private void Track(Task work)
    {
        _work[work] = true;
        work.ContinueWith(done => _work.TryRemove(done, out _), TaskScheduler.Default);
    }

    private async Task TakeOffer(string ticketId)
    {
        var inbox = System.Threading.Channels.Channel.CreateUnbounded<TicketMessage>();
        _tickets[ticketId] = inbox;
        try
        {
            await Task.Delay(run.Random.Around(run.Settings.AcceptDelay), _shift.Token);
            await run.Connection.Agents.AcceptOfferAsync(new() { AgentId = AgentId, TicketId = ticketId }, deadline: Deadline());
        }
        catch (OperationCanceledException)
        {
            _tickets.TryRemove(ticketId, out _);
            return;
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.FailedPrecondition)
        {
            run.Figures.OfferLost();
            _tickets.TryRemove(ticketId, out _);
            return;
        }
        catch (RpcException e)
        {
            run.Figures.Error("accept offer", e);
            _tickets.TryRemove(ticketId, out _);
            return;
        }
        await Work(ticketId, inbox.Reader);
    }

    private async Task Work(string ticketId, System.Threading.Channels.ChannelReader<TicketMessage> inbox)
    {
        var conversation = run.Book.ByTicket(ticketId);
        if (conversation is not null && conversation.TryAnswer())
        {
            run.Figures.ConversationAnswered(Stopwatch.GetElapsedTime(conversation.ArrivedAt), run.Settings.ServiceLevelTarget);
        }
        if (_occupancy.TicketTaken())
        {
            run.Figures.AgentBusy();
        }
        try
        {
            using var handling = CancellationTokenSource.CreateLinkedTokenSource(_shift.Token);
            handling.CancelAfter(run.Settings.HandleTime.Sample(run.Random));
            await Answer(ticketId, handling.Token);
            while (!handling.IsCancellationRequested && conversation?.IsAbandoned != true)
            {
                await inbox.ReadAsync(handling.Token);
                await Answer(ticketId, handling.Token);
            }
        }
        catch (OperationCanceledException)
        {
            // The handle time is up, or the shift is over.
        }
        catch (RpcException e)
        {
            run.Figures.Error("reply", e);
        }
        await Solve(ticketId);
        if (conversation?.IsAbandoned == true)
        {
            run.Book.Close(conversation);
        }
    }

    private async Task Answer(string ticketId, CancellationToken handling)
    {
        await Task.Delay(run.Random.Around(run.Settings.AcceptDelay), handling);
        var start = Stopwatch.GetTimestamp();
        var body = Answers[(int)(run.Random.Uniform() * Answers.Length)];
        var reply = await run.Connection.Agents.ReplyAsync(new() { AgentId = AgentId, TicketId = ticketId, Body = body }, deadline: Deadline(), cancellationToken: CancellationToken.None);
        run.Figures.ReplySent();
        run.OutboundDelivery.Cause($"{ticketId}#{reply.Sequence}", start);
    }

    private async Task Solve(string ticketId)
    {
        try
        {
            if (!_shift.IsCancellationRequested)
            {
                await Task.Delay(run.Settings.WrapUp, _shift.Token);
            }
        }
        catch (OperationCanceledException)
        {
            // End of shift: solve now.
        }
        try
        {
            await run.Connection.Agents.SolveTicketAsync(new() { AgentId = AgentId, TicketId = ticketId }, deadline: Deadline());
            run.Figures.TicketSolved();
            // Messages the customer wrote while the ticket was open led to no offer; only a later one reopens it.
            run.OfferDelivery.Forget(ticketId);
        }
        catch (RpcException e)
        {
            run.Figures.Error("solve", e);
        }
        _tickets.TryRemove(ticketId, out _);
        if (_occupancy.TicketReleased())
        {
            run.Figures.AgentIdle();
        }
    }

    private static DateTime Deadline() => DateTime.UtcNow.AddSeconds(30);
}
