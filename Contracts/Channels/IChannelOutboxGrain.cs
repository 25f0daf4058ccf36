using Switchboard.Contracts.Gateway;

namespace Switchboard.Contracts.Channels;

/// <summary>
/// An adapter's outbox, keyed "{tenant}/{adapterId}": outbound messages not yet acknowledged, in order,
/// durable; redelivered from the last acknowledged position when the adapter reconnects.
/// </summary>
[Alias("switchboard.IChannelOutboxGrain")]
public interface IChannelOutboxGrain : IGrainWithStringKey
{
    /// <summary>Stores the message (once per ticket and ticket sequence) and pushes it if the adapter is connected.</summary>
    [Alias("Enqueue")]
    Task<long> Enqueue(OutboundDelivery draft);

    /// <summary>The adapter connected; returns what it has not acknowledged after lastAcked, in order.</summary>
    [Alias("Attach")]
    Task<AdapterAttachment> Attach(IGatewayHub hub, string connectionId, long lastAcked);

    [Alias("Detach")]
    Task Detach(string connectionId);

    /// <summary>
    /// Whether this stream is the one attached and no delivery has waited for its ack too long. False from an
    /// activation that replaced one lost with its silo, or when a push was lost on the way (a gateway or silo
    /// died mid-delivery): the gateway then ends the stream, so the adapter reconnects and gets what is pending.
    /// </summary>
    [Alias("IsDelivering")]
    Task<bool> IsDelivering(string connectionId);

    /// <summary>Everything up to and including deliverySequence is handled by the adapter.</summary>
    [Alias("Acknowledge")]
    Task Acknowledge(long deliverySequence);

    [Alias("GetPending")]
    Task<IReadOnlyList<OutboundDelivery>> GetPending();

    /// <summary>
    /// Erasure: drops the ticket's deliveries to its customer (replies, surveys; not side-conversation messages to
    /// third parties) that the adapter has not acknowledged, so nothing more reaches the person. Returns how many.
    /// </summary>
    [Alias("ForgetCustomerDeliveries")]
    Task<int> ForgetCustomerDeliveries(string ticketId);
}
