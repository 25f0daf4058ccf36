namespace Switchboard.Silo.Customers;

[GenerateSerializer]
[Alias("switchboard.CustomerState")]
/// <summary>
/// What a customer's record holds. Identities, name and preferred agent are only read now, from records written before
/// the ticket index carried them (it does from schema version 8 / migration 012 on); erasure clears them.
/// </summary>
public sealed class CustomerState
{
    [Id(0)]
    public string? DisplayName { get; set; }

    /// <summary>"{channel}:{address}" entries.</summary>
    [Id(1)]
    public List<string> Identities { get; set; } = [];

    /// <summary>
    /// Tickets recorded here before the history was read from the ticket index; kept for records written then,
    /// never added to now (the index has every ticket from its opening append on).
    /// </summary>
    [Id(2)]
    public List<string> TicketIds { get; set; } = [];

    /// <summary>The last agent who took one of this customer's tickets.</summary>
    [Id(3)]
    public string? PreferredAgentId { get; set; }

    /// <summary>Erased: a late registration of an address does not bring it back.</summary>
    [Id(4)]
    public bool Erased { get; set; }
}
