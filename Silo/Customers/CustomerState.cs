namespace Switchboard.Silo.Customers;

[GenerateSerializer]
[Alias("switchboard.CustomerState")]
public sealed class CustomerState
{
    [Id(0)]
    public string? DisplayName { get; set; }

    /// <summary>"{channel}:{address}" entries.</summary>
    [Id(1)]
    public List<string> Identities { get; set; } = [];

    [Id(2)]
    public List<string> TicketIds { get; set; } = [];

    /// <summary>The last agent who took one of this customer's tickets.</summary>
    [Id(3)]
    public string? PreferredAgentId { get; set; }
}
