using Switchboard.Contracts.Routing;

namespace Switchboard.Silo.Routing;

[GenerateSerializer]
[Alias("switchboard.TenantRoutingState")]
public sealed class TenantRoutingState
{
    [Id(0)]
    public Dictionary<string, QueueDefinition> Queues { get; set; } = new(StringComparer.Ordinal);

    [Id(1)]
    public List<RoutingRule> Rules { get; set; } = [];
}
