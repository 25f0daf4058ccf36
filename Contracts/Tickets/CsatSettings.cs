namespace Switchboard.Contracts.Tickets;

/// <summary>
/// Whether a satisfaction survey goes to the customer when a ticket is solved: off unless enabled, and then on
/// the listed channels only (none listed: every channel).
/// </summary>
[GenerateSerializer, Immutable]
[Alias("switchboard.CsatSettings")]
public sealed record CsatSettings([property: Id(0)] bool Enabled, [property: Id(1)] IReadOnlyList<ChannelKind> Channels)
{
    public static CsatSettings Off { get; } = new(false, []);

    public bool AppliesTo(ChannelKind channel) => Enabled && (Channels.Count == 0 || Channels.Contains(channel));
}
