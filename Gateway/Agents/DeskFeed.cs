using System.Runtime.CompilerServices;
using Grpc.Core;
using Switchboard.Contracts;
using Switchboard.Contracts.Agents;
using Switchboard.Gateway.Hub;
using Switchboard.Gateway.Mapping;
using Switchboard.Gateway.Validation;
using Switchboard.V1;

namespace Switchboard.Gateway.Agents;

/// <summary>
/// An agent's live desk through this process's hub: a snapshot, then offers and ticket activity. While it is
/// read the agent is connected; when the reader stops, the agent's grace period starts. Serves the gRPC stream
/// and the web desk's server-sent events alike.
/// </summary>
public sealed class DeskFeed(IGrainFactory grains, GatewayHub hub, DeskAttachmentChecks checks)
{
    public static void Validate(string agentId) => RequestValidator.Name("agent_id", agentId);

    /// <summary>One item of a desk feed, and whether more are already waiting behind it (so a writer can hold its flush).</summary>
    public readonly record struct Frame(StreamDeskResponse Response, bool MoreWaiting);

    public async IAsyncEnumerable<Frame> Open(string tenant, string agentId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Validate(agentId);
        var agent = grains.GetGrain<IAgentGrain>(GrainKey.For(tenant, agentId));
        var connectionId = Guid.NewGuid().ToString("N");
        var mailbox = hub.OpenDesk(connectionId);
        try
        {
            var status = await agent.AttachDesk(hub.Reference, connectionId);
            yield return new(new() { Snapshot = Wire.ToSnapshot(status) }, mailbox.Reader.Count > 0);
            var received = new DeskReceipts();
            using var watch = new AttachmentWatch(async () => received.InStepWith(await agent.DeskEventsSent(connectionId)), cancellationToken, checks.Interval);
            while (await WaitForEvents(mailbox, watch))
            {
                while (mailbox.Reader.TryRead(out var deskEvent))
                {
                    received.Count();
                    yield return new(Wire.ToWire(deskEvent), mailbox.Reader.Count > 0);
                }
            }
            if (mailbox.Overflowed)
            {
                throw new RpcException(new Status(StatusCode.ResourceExhausted,
                    $"The desk fell more than {GatewayHub.StreamBufferLimit} events behind; reconnect to get a fresh snapshot."));
            }
        }
        finally
        {
            hub.CloseDesk(connectionId);
            await agent.DetachDesk(connectionId);
        }
    }

    /// <summary>What one desk stream received, against what its agent says it pushed.</summary>
    private sealed class DeskReceipts
    {
        private long _received;
        private long _previousSent;

        public void Count() => Interlocked.Increment(ref _received);

        /// <summary>
        /// False when the agent knows no desk, or when what it had pushed by the previous check (a few seconds ago,
        /// so not still on its way) has not all arrived.
        /// </summary>
        public bool InStepWith(long sent)
        {
            var lost = Interlocked.Read(ref _received) < _previousSent;
            _previousSent = sent;
            return sent >= 0 && !lost;
        }
    }

    private static async Task<bool> WaitForEvents(StreamMailbox<DeskEvent> mailbox, AttachmentWatch watch)
    {
        try
        {
            return await mailbox.Reader.WaitToReadAsync(watch.Token);
        }
        catch (OperationCanceledException) when (watch.Lost)
        {
            throw new RpcException(new Status(StatusCode.Unavailable,
                "The agent's state moved to another silo and no longer knows this desk; reconnect for a fresh snapshot."));
        }
    }
}

/// <summary>
/// How often each open desk stream asks its agent grain whether it is in step (see <see cref="AttachmentWatch"/>).
/// A gateway process asks every 3 s: a silo or gateway that dies can lose pushes in transit, and the desk should hear
/// of it soon. A single node asks every 10 s: its pushes never leave the process, so only a grain activation lost
/// some other way is left to find, and 10 s is still inside the desk grace period. Each check is a grain call, so with
/// thousands of desks signed in the interval is most of an idle node's work.
/// </summary>
public sealed record DeskAttachmentChecks(TimeSpan Interval)
{
    public static readonly DeskAttachmentChecks Gateway = new(AttachmentWatch.Interval);

    public static readonly DeskAttachmentChecks SingleNode = new(TimeSpan.FromSeconds(10));
}
