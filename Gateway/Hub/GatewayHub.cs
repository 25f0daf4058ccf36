using System.Collections.Concurrent;
using System.Threading.Channels;
using Switchboard.Contracts.Agents;
using Switchboard.Contracts.Channels;
using Switchboard.Contracts.Gateway;

namespace Switchboard.Gateway.Hub;

/// <summary>
/// This process's one observer: grains push desk events and outbound messages here, and the hub hands
/// each to the open stream it is for. Each stream's buffer is bounded; a stream that falls that far behind
/// is ended (its adapter resumes from the outbox, its desk reconnects) rather than let memory grow.
/// </summary>
public sealed class GatewayHub(IGrainFactory grains) : IGatewayHub
{
    /// <summary>Events a slow stream may have waiting before it is cut off.</summary>
    public const int StreamBufferLimit = 1024;

    private readonly ConcurrentDictionary<string, StreamMailbox<DeskEvent>> _desks = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, StreamMailbox<OutboundDelivery>> _adapters = new(StringComparer.Ordinal);
    private IGatewayHub? _reference;

    /// <summary>The reference grains hold to reach this process (Orleans holds the hub weakly; DI keeps it alive).</summary>
    public IGatewayHub Reference => _reference ??= grains.CreateObjectReference<IGatewayHub>(this);

    public StreamMailbox<DeskEvent> OpenDesk(string connectionId) => _desks[connectionId] = new StreamMailbox<DeskEvent>(StreamBufferLimit);

    public void CloseDesk(string connectionId) => _desks.TryRemove(connectionId, out _);

    public StreamMailbox<OutboundDelivery> OpenAdapter(string connectionId) => _adapters[connectionId] = new StreamMailbox<OutboundDelivery>(StreamBufferLimit);

    public void CloseAdapter(string connectionId) => _adapters.TryRemove(connectionId, out _);

    public Task DeliverToDesk(string connectionId, DeskEvent deskEvent)
    {
        if (_desks.TryGetValue(connectionId, out var mailbox))
        {
            mailbox.Post(deskEvent);
        }
        return Task.CompletedTask;
    }

    public Task DeliverToAdapter(string connectionId, OutboundDelivery delivery)
    {
        if (_adapters.TryGetValue(connectionId, out var mailbox))
        {
            mailbox.Post(delivery);
        }
        return Task.CompletedTask;
    }
}
