using Switchboard.Silo.Routing;

namespace Switchboard.Tests.Routing;

/// <summary>
/// The cluster for cross-queue priority: offers, desks and re-registration all outlast a test, so what an agent
/// is offered follows only from the queues' lines and the agent's choice among them.
/// </summary>
public sealed class CrossQueueCluster() : RoutingCluster(new RoutingOptions
{
    OfferTimeout = TimeSpan.FromMinutes(1),
    DeskGracePeriod = TimeSpan.FromMinutes(1),
    AgentRefreshInterval = TimeSpan.FromMinutes(1),
});
