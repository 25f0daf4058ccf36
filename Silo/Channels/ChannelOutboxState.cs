using Switchboard.Contracts.Channels;

namespace Switchboard.Silo.Channels;

[GenerateSerializer]
[Alias("switchboard.ChannelOutboxState")]
public sealed class ChannelOutboxState
{
    /// <summary>The last sequence handed out, as of the last acknowledgement (the rows carry the later ones).</summary>
    [Id(0)]
    public long LastDeliverySequence { get; set; }

    /// <summary>
    /// Where deliveries were kept before each had a row of its own (<see cref="Storage.IOutboxStore"/>); an activation
    /// that finds any moves them there. Always empty once written by this version.
    /// </summary>
    [Id(1)]
    public List<OutboundDelivery> Pending { get; set; } = [];

    [Id(2)]
    public long LastAcknowledged { get; set; }
}
