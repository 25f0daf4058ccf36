namespace Switchboard.Silo.Customers;

[GenerateSerializer]
[Alias("switchboard.CustomerDirectoryState")]
public sealed class CustomerDirectoryState
{
    [Id(0)]
    public string? CustomerId { get; set; }
}
