using Switchboard.Contracts.Channels;

namespace Switchboard.Silo.Channels;

[GenerateSerializer]
[Alias("switchboard.ChannelOutboxState")]
public sealed class ChannelOutboxState
{
    [Id(0)]
    public long LastDeliverySequence { get; set; }

    /// <summary>Not yet acknowledged by the adapter, in delivery order. Short while the adapter keeps up.</summary>
    [Id(1)]
    public List<OutboundDelivery> Pending { get; set; } = [];

    [Id(2)]
    public long LastAcknowledged { get; set; }
}
