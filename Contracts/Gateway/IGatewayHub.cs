using Switchboard.Contracts.Agents;
using Switchboard.Contracts.Channels;

namespace Switchboard.Contracts.Gateway;

/// <summary>
/// One observer per gateway process: grains push desk events and outbound messages to it, and it fans
/// them out to its own open streams by connection id. Never one Orleans observer per end user.
/// </summary>
[Alias("switchboard.IGatewayHub")]
public interface IGatewayHub : IGrainObserver
{
    [Alias("DeliverToDesk"), OneWay]
    Task DeliverToDesk(string connectionId, DeskEvent deskEvent);

    [Alias("DeliverToAdapter"), OneWay]
    Task DeliverToAdapter(string connectionId, OutboundDelivery delivery);
}
