namespace Switchboard.Contracts.Tickets;

/// <summary>
/// One per tenant, keyed "{tenant}": closes the tenant's tickets that have stayed solved for the auto-close time, found
/// in the ticket index, instead of one durable reminder per solved ticket (which the reminder service would hold in
/// memory, and load at every start, for the days each waits).
/// </summary>
[Alias("switchboard.ITicketSweeperGrain")]
public interface ITicketSweeperGrain : IGrainWithStringKey
{
    /// <summary>
    /// A ticket of the tenant was solved: the sweeper runs (and keeps its own reminder) from now on. Idempotent and
    /// cheap; one-way, so a solve does not wait on it.
    /// </summary>
    [Alias("Watch")]
    [OneWay]
    Task Watch();

    /// <summary>Closes every ticket that is due now; returns how many were closed.</summary>
    [Alias("SweepNow")]
    Task<int> SweepNow();
}
