namespace Switchboard.Silo.Customers;

[GenerateSerializer]
[Alias("switchboard.CustomerDirectoryState")]
public sealed class CustomerDirectoryState
{
    /// <summary>
    /// The customer stored for this address. Entries written before customer ids were derived keep theirs; a new
    /// address stores none and resolves to the id derived from the address and <see cref="Generation"/>.
    /// </summary>
    [Id(0)]
    public string? CustomerId { get; set; }

    /// <summary>How many times this address was erased: each erasure moves it on to a new derived customer.</summary>
    [Id(1)]
    public int Generation { get; set; }
}
