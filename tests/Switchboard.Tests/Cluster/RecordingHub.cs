using System.Collections.Concurrent;
using Switchboard.Contracts.Agents;
using Switchboard.Contracts.Channels;
using Switchboard.Contracts.Gateway;

namespace Switchboard.Tests.Cluster;

/// <summary>A gateway hub that only records what grains push to it, for tests to read.</summary>
public sealed class RecordingHub : IGatewayHub
{
    private readonly ConcurrentQueue<(string ConnectionId, DeskEvent Event)> _desk = new();
    private readonly ConcurrentQueue<(string ConnectionId, OutboundDelivery Delivery)> _adapter = new();

    public IReadOnlyList<(string ConnectionId, DeskEvent Event)> DeskEvents => _desk.ToArray();

    public IReadOnlyList<(string ConnectionId, OutboundDelivery Delivery)> Deliveries => _adapter.ToArray();

    public IEnumerable<T> DeskEventsOf<T>(string connectionId) where T : DeskEvent =>
        DeskEvents.Where(e => e.ConnectionId == connectionId).Select(e => e.Event).OfType<T>();

    public Task DeliverToDesk(string connectionId, DeskEvent deskEvent)
    {
        _desk.Enqueue((connectionId, deskEvent));
        return Task.CompletedTask;
    }

    public Task DeliverToAdapter(string connectionId, OutboundDelivery delivery)
    {
        _adapter.Enqueue((connectionId, delivery));
        return Task.CompletedTask;
    }
}
