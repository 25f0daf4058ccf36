using Switchboard.Contracts.Tickets;

namespace Switchboard.Silo.Tickets;

[GenerateSerializer]
[Alias("switchboard.TenantTicketingState")]
public sealed class TenantTicketingState
{
    [Id(0)]
    public Dictionary<string, TicketFieldDefinition> Fields { get; set; } = new(StringComparer.Ordinal);

    [Id(1)]
    public Dictionary<string, Macro> Macros { get; set; } = new(StringComparer.Ordinal);

    [Id(2)]
    public List<SlaPolicy> SlaPolicies { get; set; } = [];

    [Id(3)]
    public CsatSettings Csat { get; set; } = CsatSettings.Off;
}
