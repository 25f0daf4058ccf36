namespace Switchboard.Contracts.Supervision;

/// <summary>
/// A tenant's live floor, keyed "{tenant}": queues and agents report changes one-way, and it publishes to the
/// subscribed gateway processes at most every quarter second. Soft state, rebuilt by asking queues and agents.
/// </summary>
[Alias("switchboard.ISupervisionGrain")]
public interface ISupervisionGrain : IGrainWithStringKey
{
    [Alias("QueueChanged"), OneWay]
    Task QueueChanged(QueueFigures figures);

    [Alias("AgentChanged"), OneWay]
    Task AgentChanged(AgentFigures figures);

    /// <summary>A customer left a ticket waiting in the queue before any agent took it: counted for today.</summary>
    [Alias("TicketAbandoned"), OneWay]
    Task TicketAbandoned(string queueId);

    /// <summary>Subscribes (or renews) a gateway process's observer; returns the whole floor. Renew within a minute.</summary>
    [Alias("Subscribe")]
    Task<FloorUpdate> Subscribe(IFloorObserver observer);

    [Alias("Unsubscribe")]
    Task Unsubscribe(IFloorObserver observer);

    /// <summary>The whole floor now.</summary>
    [Alias("GetFloor")]
    Task<FloorUpdate> GetFloor();

    /// <summary>How many gateway processes are subscribed (one per process, however many viewers it has).</summary>
    [Alias("CountSubscribers")]
    Task<int> CountSubscribers();
}
