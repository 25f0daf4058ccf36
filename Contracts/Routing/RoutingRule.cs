using Switchboard.Contracts.Tickets;

namespace Switchboard.Contracts.Routing;

/// <summary>
/// Sends a new ticket to a queue when every condition that is set matches; rules are tried in order and
/// the first match wins. A ticket no rule matches goes to the default queue.
/// </summary>
[GenerateSerializer, Immutable]
[Alias("switchboard.RoutingRule")]
public sealed record RoutingRule(
    [property: Id(0)] string QueueId,
    [property: Id(1)] ChannelKind? Channel,
    [property: Id(2)] string? Language,
    [property: Id(3)] string? Brand)
{
    public bool Matches(ChannelKind channel, string? language, string? brand) =>
        (Channel is null || Channel == channel)
        && (Language is null || string.Equals(Language, language, StringComparison.OrdinalIgnoreCase))
        && (Brand is null || string.Equals(Brand, brand, StringComparison.OrdinalIgnoreCase));
}
