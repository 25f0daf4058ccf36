namespace Switchboard.Contracts.Tickets;

[GenerateSerializer]
[Alias("switchboard.Author")]
public enum Author
{
    Customer = 1,
    Agent = 2,
    System = 3,
}
