using Switchboard.Contracts;
using System.Diagnostics;
using Switchboard.Contracts.Telemetry;
using Switchboard.Contracts.Tickets;
using Switchboard.Gateway.Mapping;
using Switchboard.Gateway.Validation;
using V1 = Switchboard.V1;

namespace Switchboard.Gateway.Channels;

/// <summary>One inbound customer message, from either the stream or the unary call: validate, resolve, store.</summary>
public sealed class InboundProcessor(IGrainFactory grains, TimeProvider clock)
{
    /// <summary>Returns the ack once the message is durable on its ticket.</summary>
    public async Task<V1.InboundAck> Process(string tenant, string adapterId, V1.InboundMessage inbound, string fieldPrefix = "")
    {
        using var span = SwitchboardTracing.StartInbound(tenant, adapterId, inbound.ConversationId);
        var started = Stopwatch.GetTimestamp();
        RequestValidator.Validate(inbound, fieldPrefix);
        var channel = Wire.ToDomain(inbound.Channel);
        // One grain call: the customer is resolved by the ticket, and only when the message opens it.
        var message = new CustomerMessage(
            adapterId, channel, inbound.ConversationId, inbound.AdapterMessageId, inbound.SenderAddress, CustomerId: "", inbound.Body,
            inbound.SentAt?.ToDateTimeOffset() ?? clock.GetUtcNow())
        {
            Language = string.IsNullOrEmpty(inbound.Language) ? null : inbound.Language,
            Brand = string.IsNullOrEmpty(inbound.Brand) ? null : inbound.Brand,
            SenderName = string.IsNullOrWhiteSpace(inbound.SenderName) ? null : inbound.SenderName,
        };
        var receipt = await grains.GetGrain<IConversationGrain>(GrainKey.For(tenant, $"{adapterId}:{inbound.ConversationId}")).Receive(message);
        SwitchboardMetrics.InboundAcked(channel, Stopwatch.GetElapsedTime(started));
        return Wire.ToWire(inbound.AdapterMessageId, receipt);
    }
}
