using Switchboard.Contracts;
using Switchboard.Contracts.Agents;
using Switchboard.Contracts.Routing;
using Switchboard.Contracts.Tickets;

namespace Switchboard.Silo.Routing;

/// <summary>A tenant's queues and routing rules. Small, read on every new ticket, changed by admins.</summary>
public sealed class TenantRoutingGrain(
    [PersistentState("routing", "switchboard")] IPersistentState<TenantRoutingState> state) : Grain, ITenantRoutingGrain
{
    async Task<QueueDefinition> ITenantRoutingGrain.UpsertQueue(QueueDefinition queue)
    {
        foreach (var step in queue.Escalations.Where(s => s.Action == EscalationAction.Overflow))
        {
            if (step.OverflowQueueId is not { } target || (target != queue.QueueId && !Exists(target)))
            {
                throw new SwitchboardException(SwitchboardError.InvalidArgument,
                    $"Queue '{queue.QueueId}' overflows to '{step.OverflowQueueId}', which does not exist; create that queue first.");
            }
        }
        state.State.Queues[queue.QueueId] = queue;
        await state.WriteStateAsync();
        await GrainFactory.GetGrain<IQueueGrain>(GrainKey.For(this.GetPrimaryKeyString(), queue.QueueId)).Reconfigure(queue);
        return queue;
    }

    Task<QueueDefinition> ITenantRoutingGrain.GetQueue(string queueId) =>
        Task.FromResult(state.State.Queues.TryGetValue(queueId, out var queue)
            ? queue
            : queueId == AgentProfile.DefaultQueueId
                ? QueueDefinition.Default(queueId)
                : throw SwitchboardException.NotFound($"Queue '{queueId}' does not exist; create it with AdminService.UpsertQueue."));

    Task<IReadOnlyList<QueueDefinition>> ITenantRoutingGrain.ListQueues()
    {
        var queues = state.State.Queues.Values.ToList();
        if (!state.State.Queues.ContainsKey(AgentProfile.DefaultQueueId))
        {
            queues.Add(QueueDefinition.Default(AgentProfile.DefaultQueueId));
        }
        return Task.FromResult<IReadOnlyList<QueueDefinition>>(queues.OrderBy(q => q.QueueId, StringComparer.Ordinal).ToArray());
    }

    async Task ITenantRoutingGrain.SetRules(IReadOnlyList<RoutingRule> rules)
    {
        var missing = rules.Select(r => r.QueueId).FirstOrDefault(q => !Exists(q));
        if (missing is not null)
        {
            throw new SwitchboardException(SwitchboardError.InvalidArgument, $"A rule sends tickets to queue '{missing}', which does not exist; create it first.");
        }
        state.State.Rules = rules.ToList();
        await state.WriteStateAsync();
    }

    Task<IReadOnlyList<RoutingRule>> ITenantRoutingGrain.GetRules() => Task.FromResult<IReadOnlyList<RoutingRule>>(state.State.Rules.ToArray());

    Task<string> ITenantRoutingGrain.Route(ChannelKind channel, string? language, string? brand) =>
        Task.FromResult(state.State.Rules.FirstOrDefault(r => r.Matches(channel, language, brand))?.QueueId ?? AgentProfile.DefaultQueueId);

    private bool Exists(string queueId) => queueId == AgentProfile.DefaultQueueId || state.State.Queues.ContainsKey(queueId);
}
