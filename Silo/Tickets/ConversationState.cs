namespace Switchboard.Silo.Tickets;

[GenerateSerializer]
[Alias("switchboard.ConversationState")]
public sealed class ConversationState
{
    /// <summary>The ticket new messages of this conversation go to; null before the first message.</summary>
    [Id(0)]
    public string? CurrentTicketId { get; set; }
}
