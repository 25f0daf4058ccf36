using Switchboard.Contracts.Tickets;

namespace Switchboard.Contracts.Routing;

/// <summary>A tenant's routing configuration, keyed "{tenant}": its queues and the rules that pick one.</summary>
[Alias("switchboard.ITenantRoutingGrain")]
public interface ITenantRoutingGrain : IGrainWithStringKey
{
    [Alias("UpsertQueue")]
    Task<QueueDefinition> UpsertQueue(QueueDefinition queue);

    /// <summary>The queue's definition; the default queue always exists.</summary>
    [Alias("GetQueue")]
    Task<QueueDefinition> GetQueue(string queueId);

    [Alias("ListQueues")]
    Task<IReadOnlyList<QueueDefinition>> ListQueues();

    /// <summary>Replaces the rules; every queue they name must exist.</summary>
    [Alias("SetRules")]
    Task SetRules(IReadOnlyList<RoutingRule> rules);

    [Alias("GetRules")]
    Task<IReadOnlyList<RoutingRule>> GetRules();

    /// <summary>The queue a new ticket goes to.</summary>
    [Alias("Route")]
    Task<string> Route(ChannelKind channel, string? language, string? brand);
}
