namespace Switchboard.Contracts.Routing;

[GenerateSerializer]
[Alias("switchboard.OfferOutcome")]
public enum OfferOutcome
{
    Accepted = 1,
    Declined = 2,
    TimedOut = 3,
    /// <summary>The agent could not take it (no capacity, not available, offline).</summary>
    Refused = 4,
    /// <summary>The ticket no longer waits (solved, closed or assigned meanwhile).</summary>
    Gone = 5,
}
