using Switchboard.Silo.Routing;

namespace Switchboard.Tests.Routing;

/// <summary>
/// The cluster for queue recovery: offers and desks outlast each test's steps, so only the queue's lost
/// activation and the agents' one-second re-registration decide what happens.
/// </summary>
public sealed class QueueRecoveryCluster() : RoutingCluster(new RoutingOptions
{
    OfferTimeout = TimeSpan.FromMinutes(1),
    DeskGracePeriod = TimeSpan.FromMinutes(1),
    AgentRefreshInterval = TimeSpan.FromSeconds(1),
    AgentKeepAlive = TimeSpan.FromSeconds(2),
});
