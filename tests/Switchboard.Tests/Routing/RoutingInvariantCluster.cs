using Switchboard.Silo.Routing;

namespace Switchboard.Tests.Routing;

/// <summary>The cluster for randomized runs: offers time out and dropped desks go offline within a fraction of a second.</summary>
public sealed class RoutingInvariantCluster() : RoutingCluster(new RoutingOptions
{
    OfferTimeout = TimeSpan.FromMilliseconds(200),
    DeskGracePeriod = TimeSpan.FromMilliseconds(100),
    AgentRefreshInterval = TimeSpan.FromSeconds(1),
    // Missed offers still set agents away, but not so soon that a slow machine leaves nobody available.
    MaxMissedOffers = 5,
});
