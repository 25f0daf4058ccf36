namespace Switchboard.Contracts.Routing;

/// <summary>
/// A queue, keyed "{tenant}/{queueId}": matches waiting tickets with available agents. Soft state: it is
/// rebuilt from the ticket index and from agents re-registering, so losing it loses nothing.
/// </summary>
[Alias("switchboard.IQueueGrain")]
public interface IQueueGrain : IGrainWithStringKey
{
    [Alias("Enqueue"), OneWay]
    Task Enqueue(QueuedTicket ticket);

    [Alias("Remove"), OneWay]
    Task Remove(string ticketId);

    /// <summary>An available agent's current free capacity (sent on every change and periodically).</summary>
    [Alias("AgentReady"), OneWay]
    Task AgentReady(AgentCapacity capacity);

    [Alias("AgentGone"), OneWay]
    Task AgentGone(string agentId);

    /// <summary>
    /// The agent left (not available, or no longer serving this queue), numbered as its capacity reports are
    /// (<see cref="AgentCapacity.Version"/>): a report of the same activation sent before it is dropped when it
    /// arrives after it, and this is dropped when a later report has already arrived.
    /// </summary>
    [Alias("AgentLeft"), OneWay]
    Task AgentGone(string agentId, Guid incarnation, long version);

    /// <summary>How an offer made during the ticket's wait <paramref name="waitSequence"/> ended.</summary>
    [Alias("OfferSettled"), OneWay]
    Task OfferSettled(string ticketId, string agentId, OfferOutcome outcome, long waitSequence);

    /// <summary>An offer's answer and the agent's capacity after it, in one message: what an accept sends its queue.</summary>
    [Alias("OfferSettledWithCapacity"), OneWay]
    Task OfferSettled(string ticketId, string agentId, OfferOutcome outcome, long waitSequence, AgentCapacity capacity);

    /// <summary>
    /// An agent serving several queues was offered a ticket standing at <paramref name="bar"/> (null: anything
    /// this queue has beats it) and asks for something better: the queue sets aside its best ticket that the agent
    /// can take with <paramref name="capacity"/> and that beats the bar, as an offer to that agent, or returns null.
    /// Tickets in <paramref name="held"/> are offers the agent already holds. Never calls the agent back.
    /// </summary>
    [Alias("Claim")]
    Task<ClaimedTicket?> Claim(AgentCapacity capacity, LineStanding? bar, IReadOnlyList<string> held);

    [Alias("GetStatus")]
    Task<QueueStatus> GetStatus();

    /// <summary>Where the ticket stands in line; null when it is not waiting here.</summary>
    [Alias("GetPosition")]
    Task<QueuePosition?> GetPosition(string ticketId);

    /// <summary>The tenant's supervision grain lost its picture: report figures again.</summary>
    [Alias("RefreshFigures"), OneWay]
    Task RefreshFigures();

    /// <summary>The queue's definition changed (skills, escalations).</summary>
    [Alias("Reconfigure"), OneWay]
    Task Reconfigure(QueueDefinition definition);
}
