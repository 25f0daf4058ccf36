namespace Switchboard.Contracts.Routing;

/// <summary>How a queue orders tickets of equal priority.</summary>
[GenerateSerializer]
[Alias("switchboard.QueueOrdering")]
public enum QueueOrdering
{
    /// <summary>The ticket that has waited longest goes first.</summary>
    LongestWaiting = 1,

    /// <summary>The ticket whose next SLA target falls due soonest goes first; tickets without one follow, by age.</summary>
    NearestSlaBreach = 2,
}
