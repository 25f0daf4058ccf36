using Grpc.Core;

namespace Switchboard.Simulator.Figures;

/// <summary>The live counters of a run, updated from every customer and agent task.</summary>
public sealed class SimulationFigures
{
    private long _conversations;
    private long _answered;
    private long _answeredOnTime;
    private long _abandoned;
    private long _solved;
    private long _inboundSent;
    private long _inboundAcked;
    private long _inboundRejected;
    private long _replies;
    private long _outboundDelivered;
    private long _offers;
    private long _offersLost;
    private long _errors;
    private long _busyAgents;
    private string? _lastError;

    public LatencyRecorder InboundAck { get; } = new();

    public LatencyRecorder OfferDelivery { get; } = new();

    public LatencyRecorder OutboundDelivery { get; } = new();

    public LatencyRecorder SpeedOfAnswer { get; } = new();

    public long Conversations => Interlocked.Read(ref _conversations);

    public long Answered => Interlocked.Read(ref _answered);

    public long AnsweredOnTime => Interlocked.Read(ref _answeredOnTime);

    public long Abandoned => Interlocked.Read(ref _abandoned);

    public long Solved => Interlocked.Read(ref _solved);

    public long InboundSent => Interlocked.Read(ref _inboundSent);

    public long InboundAcked => Interlocked.Read(ref _inboundAcked);

    public long InboundRejected => Interlocked.Read(ref _inboundRejected);

    public long Replies => Interlocked.Read(ref _replies);

    public long OutboundDelivered => Interlocked.Read(ref _outboundDelivered);

    public long Offers => Interlocked.Read(ref _offers);

    /// <summary>Offers that were gone by the time the agent accepted (withdrawn, timed out).</summary>
    public long OffersLost => Interlocked.Read(ref _offersLost);

    public long Errors => Interlocked.Read(ref _errors);

    public string? LastError => Volatile.Read(ref _lastError);

    /// <summary>Agents working at least one ticket right now.</summary>
    public long BusyAgents => Interlocked.Read(ref _busyAgents);

    /// <summary>Conversations that arrived and have been neither answered nor abandoned.</summary>
    public long Waiting => Math.Max(0, Conversations - Answered - Abandoned);

    public void ConversationStarted() => Interlocked.Increment(ref _conversations);

    public void ConversationAnswered(TimeSpan wait, TimeSpan serviceLevelTarget)
    {
        Interlocked.Increment(ref _answered);
        if (wait <= serviceLevelTarget)
        {
            Interlocked.Increment(ref _answeredOnTime);
        }
        SpeedOfAnswer.Record(wait);
    }

    public void ConversationAbandoned() => Interlocked.Increment(ref _abandoned);

    public void TicketSolved() => Interlocked.Increment(ref _solved);

    public void InboundWritten() => Interlocked.Increment(ref _inboundSent);

    public void InboundAcknowledged() => Interlocked.Increment(ref _inboundAcked);

    public void InboundRefused(string reason)
    {
        Interlocked.Increment(ref _inboundRejected);
        Volatile.Write(ref _lastError, $"inbound rejected: {reason}");
    }

    public void ReplySent() => Interlocked.Increment(ref _replies);

    public void OutboundArrived() => Interlocked.Increment(ref _outboundDelivered);

    public void OfferArrived() => Interlocked.Increment(ref _offers);

    public void OfferLost() => Interlocked.Increment(ref _offersLost);

    public void AgentBusy() => Interlocked.Increment(ref _busyAgents);

    public void AgentIdle() => Interlocked.Decrement(ref _busyAgents);

    /// <summary>A call failed unexpectedly; counted and the last one kept for the summary.</summary>
    public void Error(string what, Exception error)
    {
        Interlocked.Increment(ref _errors);
        var detail = error is RpcException rpc ? $"{rpc.StatusCode}: {rpc.Status.Detail}" : $"{error.GetType().Name}: {error.Message}";
        Volatile.Write(ref _lastError, $"{what}: {detail}");
    }
}
