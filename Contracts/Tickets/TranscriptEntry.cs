namespace Switchboard.Contracts.Tickets;

/// <summary>One message of a transcript, at its place in the ticket's log.</summary>
[GenerateSerializer, Immutable]
[Alias("switchboard.TranscriptEntry")]
public sealed record TranscriptEntry(
    [property: Id(0)] long Sequence,
    [property: Id(1)] Author Author,
    [property: Id(2)] string? AgentId,
    [property: Id(3)] string Body,
    [property: Id(4)] DateTimeOffset SentAt)
{
    /// <summary>An internal note: shown to agents, never sent to the customer.</summary>
    [Id(5)]
    public bool Internal { get; init; }
}
