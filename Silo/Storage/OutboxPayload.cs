using Orleans.Serialization;
using Switchboard.Contracts.Channels;

namespace Switchboard.Silo.Storage;

/// <summary>
/// A stored delivery's bytes: Orleans' version-tolerant encoding of <see cref="OutboundDelivery"/> (its fields are
/// numbered), so a delivery written by this version reads in the next one and the other way round.
/// </summary>
public sealed class OutboxPayload(Serializer<OutboundDelivery> serializer)
{
    public byte[] Encode(OutboundDelivery delivery) => serializer.SerializeToArray(delivery);

    public OutboundDelivery Decode(byte[] payload) =>
        serializer.Deserialize(payload) ?? throw new InvalidDataException("A stored outbound delivery decoded to nothing.");
}
