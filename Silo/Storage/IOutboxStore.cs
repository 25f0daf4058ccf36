using Switchboard.Contracts.Channels;

namespace Switchboard.Silo.Storage;

/// <summary>
/// An adapter's outbound deliveries until it acknowledges them, one row each: adding one writes that row alone,
/// however many wait (an adapter that is down for an hour leaves thousands), and an acknowledgement deletes rows.
/// </summary>
public interface IOutboxStore
{
    /// <summary>The deliveries stored for the adapter with a sequence above <paramref name="after"/>, in order.</summary>
    Task<IReadOnlyList<OutboundDelivery>> ReadAsync(string tenant, string adapterId, long after, CancellationToken cancellationToken = default);

    /// <summary>Stores a delivery; durable when the task completes. Storing the same sequence again changes nothing.</summary>
    Task AddAsync(string tenant, string adapterId, OutboundDelivery delivery);

    /// <summary>Deletes the deliveries up to and including <paramref name="deliverySequence"/>.</summary>
    Task RemoveUpToAsync(string tenant, string adapterId, long deliverySequence);

    /// <summary>Deletes the named deliveries (those to a customer who was erased), wherever they are in line.</summary>
    Task RemoveAsync(string tenant, string adapterId, IReadOnlyList<long> deliverySequences);
}
