using Switchboard.Contracts;
using System.Diagnostics;
using Switchboard.Contracts.Telemetry;
using Switchboard.Contracts.Tickets;
using Switchboard.Gateway.Mapping;
using Switchboard.Gateway.Validation;
using V1 = Switchboard.V1;

namespace Switchboard.Gateway.Channels;

/// <summary>Inbound customer messages, from either the stream or the unary call: validate, resolve, store.</summary>
public sealed class InboundProcessor(IGrainFactory grains, TimeProvider clock)
{
    /// <summary>Returns the ack once the message is durable on its ticket.</summary>
    public async Task<V1.InboundAck> Process(string tenant, string adapterId, V1.InboundMessage inbound, string fieldPrefix = "")
    {
        var message = Validated(adapterId, inbound, fieldPrefix);
        return (await Store(tenant, adapterId, inbound.ConversationId, [message]))[0];
    }

    /// <summary>Checks an inbound message (throwing INVALID_ARGUMENT) and maps it to the domain's.</summary>
    public CustomerMessage Validated(string adapterId, V1.InboundMessage inbound, string fieldPrefix = "")
    {
        RequestValidator.Validate(inbound, fieldPrefix);
        // The customer is resolved by the ticket, and only when the message opens it.
        return new CustomerMessage(
            adapterId, Wire.ToDomain(inbound.Channel), inbound.ConversationId, inbound.AdapterMessageId, inbound.SenderAddress, CustomerId: "", inbound.Body,
            inbound.SentAt?.ToDateTimeOffset() ?? clock.GetUtcNow())
        {
            Language = string.IsNullOrEmpty(inbound.Language) ? null : inbound.Language,
            Brand = string.IsNullOrEmpty(inbound.Brand) ? null : inbound.Brand,
            SenderName = string.IsNullOrWhiteSpace(inbound.SenderName) ? null : inbound.SenderName,
        };
    }

    /// <summary>
    /// Stores validated messages of one conversation, in order, in one grain call; returns their acks (in the same
    /// order) once all of them are durable.
    /// </summary>
    public async Task<V1.InboundAck[]> Store(string tenant, string adapterId, string conversationId, IReadOnlyList<CustomerMessage> messages)
    {
        using var span = SwitchboardTracing.StartInbound(tenant, adapterId, conversationId);
        var started = Stopwatch.GetTimestamp();
        var conversation = grains.GetGrain<IConversationGrain>(GrainKey.ForConversation(tenant, adapterId, conversationId));
        var receipts = await conversation.ReceiveAll(messages);
        var took = Stopwatch.GetElapsedTime(started);
        var acks = new V1.InboundAck[messages.Count];
        for (var i = 0; i < acks.Length; i++)
        {
            SwitchboardMetrics.InboundAcked(messages[i].Channel, took);
            acks[i] = Wire.ToWire(messages[i].AdapterMessageId, receipts[i]);
        }
        return acks;
    }
}
