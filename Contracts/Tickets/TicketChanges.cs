namespace Switchboard.Contracts.Tickets;

/// <summary>
/// What one update (an agent's, a macro's or the system's) changes on a ticket; anything left null or empty
/// stays as it is. A custom field set to the empty string is cleared.
/// </summary>
[GenerateSerializer, Immutable]
[Alias("switchboard.TicketChanges")]
public sealed record TicketChanges
{
    [Id(0)]
    public TicketStatus? Status { get; init; }

    [Id(1)]
    public TicketPriority? Priority { get; init; }

    [Id(2)]
    public IReadOnlyList<string> AddTags { get; init; } = [];

    [Id(3)]
    public IReadOnlyList<string> RemoveTags { get; init; } = [];

    /// <summary>Field id → value (text; numbers in invariant decimal form; checkboxes "true"/"false").</summary>
    [Id(4)]
    public IReadOnlyDictionary<string, string> Fields { get; init; } = new Dictionary<string, string>();

    [Id(5)]
    public string? Subject { get; init; }

    public bool IsEmpty =>
        Status is null && Priority is null && AddTags.Count == 0 && RemoveTags.Count == 0 && Fields.Count == 0 && Subject is null;
}
