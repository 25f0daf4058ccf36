namespace Switchboard.Contracts.Tickets;

/// <summary>A ticket's satisfaction survey: the one waiting for an answer, and the last rating given.</summary>
[GenerateSerializer, Immutable]
[Alias("switchboard.CsatView")]
public sealed record CsatView(
    [property: Id(0)] string? PendingSurveyId,
    [property: Id(1)] int? Rating,
    [property: Id(2)] string? Comment,
    [property: Id(3)] string? AgentId,
    [property: Id(4)] DateTimeOffset? RatedAt);
