using Grpc.Core;
using Microsoft.Extensions.Logging;
using Switchboard.Contracts;
using Switchboard.Contracts.Channels;
using Switchboard.Contracts.Routing;
using Switchboard.Contracts.Tickets;
using Switchboard.Gateway.Cluster;
using Switchboard.Gateway.Errors;
using Switchboard.Gateway.Hub;
using Switchboard.Gateway.Mapping;
using Switchboard.Gateway.Security;
using Switchboard.Gateway.Tenancy;
using Switchboard.Gateway.Validation;
using Switchboard.V1;

namespace Switchboard.Gateway.Channels;

/// <summary>Channel adapters: inbound messages up, acks and outbound messages down.</summary>
public sealed class ChannelGrpcService(
    IGrainFactory grains, GatewayHub hub, InboundProcessor inbound, LostCallRetry retry, TimeProvider clock, ILogger<ChannelGrpcService> logger)
    : ChannelService.ChannelServiceBase
{
    /// <summary>Inbound messages one adapter stream may have in flight at once.</summary>
    private const int InboundLimit = 64;

    public override async Task StreamConversations(
        IAsyncStreamReader<StreamConversationsRequest> requestStream,
        IServerStreamWriter<StreamConversationsResponse> responseStream,
        ServerCallContext context)
    {
        var tenant = TenantContext.Of(context);
        if (!await requestStream.MoveNext(context.CancellationToken))
        {
            return;
        }
        if (requestStream.Current.FrameCase != StreamConversationsRequest.FrameOneofCase.Hello)
        {
            RpcErrors.ThrowInvalid("hello", "the first frame of the stream must be a hello naming the adapter");
        }
        var hello = requestStream.Current.Hello;
        RequestValidator.Name("hello.adapter_id", hello.AdapterId);
        Caller.EnsureActsAsAdapter(context, hello.AdapterId);
        if (hello.LastAckedDeliverySequence < 0)
        {
            RpcErrors.ThrowInvalid("hello.last_acked_delivery_sequence", "cannot be negative");
        }

        var connectionId = Guid.NewGuid().ToString("N");
        var mailbox = hub.OpenAdapter(connectionId);
        var outbox = grains.GetGrain<IChannelOutboxGrain>(GrainKey.For(tenant, hello.AdapterId));
        using var writer = new SerializedWriter<StreamConversationsResponse>(responseStream);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
        Task? pump = null;
        AttachmentWatch? watch = null;
        // A conversation's messages that wait behind the one being stored are stored together once it is done.
        using var inFlight = new InboundPipeline<InboundMessage>(InboundLimit, async batch =>
        {
            await writer.WriteAll(await ReceiveAll(tenant, hello.AdapterId, batch), stop.Token);
        });
        var gap = false;
        try
        {
            var attachment = await outbox.Attach(hub.Reference, connectionId, hello.LastAckedDeliverySequence);
            var pending = attachment.Pending;
            logger.LogInformation("Adapter {Tenant}/{AdapterId} connected; {Pending} deliveries pending", tenant, hello.AdapterId, pending.Count);
            var welcome = new List<StreamConversationsResponse>(pending.Count + 1)
            {
                new() { Welcome = new AdapterWelcome { AdapterId = hello.AdapterId, PendingDeliveries = pending.Count } },
            };
            foreach (var delivery in pending)
            {
                welcome.Add(new() { Outbound = Wire.ToWire(delivery) });
            }
            await writer.WriteAll(welcome, stop.Token);
            var lastSent = attachment.LastDeliverySequence;
            pump = PumpOutbound(mailbox, writer, lastSent, stop, () => gap = true);

            watch = new AttachmentWatch(() => outbox.IsDelivering(connectionId), stop.Token);
            using var reading = CancellationTokenSource.CreateLinkedTokenSource(watch.Token, inFlight.Failed);
            while (await requestStream.MoveNext(reading.Token))
            {
                var frame = requestStream.Current;
                switch (frame.FrameCase)
                {
                    case StreamConversationsRequest.FrameOneofCase.Inbound:
                        // Stored concurrently with other conversations' messages, in order within its own; the ack
                        // goes out as soon as this message is durable.
                        await inFlight.Add(frame.Inbound.ConversationId, frame.Inbound, reading.Token);
                        break;
                    case StreamConversationsRequest.FrameOneofCase.DeliveryAck:
                        await outbox.Acknowledge(frame.DeliveryAck.DeliverySequence);
                        break;
                    default:
                        RpcErrors.ThrowInvalid("frame", "after the hello, send inbound messages or delivery acks");
                        break;
                }
            }
            // The adapter closed its side: every message it sent is answered before the stream ends.
            await inFlight.Drain();
        }
        catch (OperationCanceledException) when (mailbox.Overflowed)
        {
            throw new RpcException(new Status(StatusCode.ResourceExhausted,
                $"The adapter fell more than {GatewayHub.StreamBufferLimit} outbound messages behind; reconnect with the last acknowledged delivery_sequence to resume."));
        }
        catch (OperationCanceledException) when (watch?.Lost == true || gap)
        {
            // Acks are cumulative: going on past a lost delivery would let a later ack cover it.
            throw new RpcException(new Status(StatusCode.Unavailable,
                "Outbound deliveries on this stream were interrupted (a silo or gateway of the cluster went away); reconnect with the last acknowledged delivery_sequence to resume."));
        }
        catch (OperationCanceledException) when (inFlight.Failed.IsCancellationRequested)
        {
            // A message's work failed (not a refusal, which is answered on the stream): end the stream with it.
            await inFlight.Drain();
        }
        finally
        {
            await inFlight.Settle();
            watch?.Dispose();
            hub.CloseAdapter(connectionId);
            await stop.CancelAsync();
            if (pump is not null)
            {
                await pump.ContinueWith(static _ => { }, TaskScheduler.Default);
            }
            await outbox.Detach(connectionId);
        }
    }

    public override async Task<SubmitInboundResponse> SubmitInbound(SubmitInboundRequest request, ServerCallContext context)
    {
        var tenant = TenantContext.Of(context);
        RequestValidator.Name("adapter_id", request.AdapterId);
        Caller.EnsureActsAsAdapter(context, request.AdapterId);
        if (request.Message is null)
        {
            RpcErrors.ThrowInvalid("message", "is required");
        }
        return new SubmitInboundResponse { Ack = await inbound.Process(tenant, request.AdapterId, request.Message, "message.") };
    }

    public override async Task<GetQueuePositionResponse> GetQueuePosition(GetQueuePositionRequest request, ServerCallContext context)
    {
        var tenant = TenantContext.Of(context);
        RequestValidator.Name("ticket_id", request.TicketId);
        var ticket = await grains.GetGrain<ITicketGrain>(GrainKey.For(tenant, request.TicketId)).Get();
        var position = await grains.GetGrain<IQueueGrain>(GrainKey.For(tenant, ticket.QueueId)).GetPosition(request.TicketId);
        if (position is null)
        {
            return new GetQueuePositionResponse { Waiting = false, QueueId = ticket.QueueId };
        }
        return new GetQueuePositionResponse
        {
            Waiting = true,
            QueueId = position.QueueId,
            Position = position.Position,
            WaitingTickets = position.Waiting,
            EstimatedWait = position.EstimatedWait is { } wait ? Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(wait) : null,
        };
    }

    public override async Task<SubmitCsatRatingResponse> SubmitCsatRating(SubmitCsatRatingRequest request, ServerCallContext context)
    {
        var tenant = TenantContext.Of(context);
        RequestValidator.Validate(request);
        Caller.EnsureActsAsAdapter(context, request.AdapterId);
        var receipt = await grains.GetGrain<ITicketGrain>(GrainKey.For(tenant, request.TicketId))
            .RateCsat(request.SurveyId, request.Rating, string.IsNullOrWhiteSpace(request.Comment) ? null : request.Comment);
        return new SubmitCsatRatingResponse { Sequence = receipt.Sequence, Rating = receipt.Rating, Duplicate = receipt.Duplicate };
    }

    public override async Task<SubmitSideConversationMessageResponse> SubmitSideConversationMessage(
        SubmitSideConversationMessageRequest request, ServerCallContext context)
    {
        var tenant = TenantContext.Of(context);
        RequestValidator.Validate(request);
        Caller.EnsureActsAsAdapter(context, request.AdapterId);
        var receipt = await grains.GetGrain<ITicketGrain>(GrainKey.For(tenant, request.TicketId)).ReceiveSideMessage(new ThirdPartyMessage(
            request.AdapterId, request.SideConversationId, request.AdapterMessageId, request.SenderAddress, request.Body,
            request.SentAt?.ToDateTimeOffset() ?? clock.GetUtcNow()));
        return new SubmitSideConversationMessageResponse { Sequence = receipt.Sequence, Duplicate = receipt.Duplicate };
    }

    public override async Task<EndConversationResponse> EndConversation(EndConversationRequest request, ServerCallContext context)
    {
        var tenant = TenantContext.Of(context);
        RequestValidator.Name("adapter_id", request.AdapterId);
        RequestValidator.External("conversation_id", request.ConversationId);
        Caller.EnsureActsAsAdapter(context, request.AdapterId);
        var ticketId = await grains.GetGrain<IConversationGrain>(GrainKey.ForConversation(tenant, request.AdapterId, request.ConversationId)).CurrentTicket()
            ?? throw new RpcException(new Status(StatusCode.NotFound,
                $"Adapter '{request.AdapterId}' has no conversation '{request.ConversationId}'; only a conversation with a message can end."));
        var abandoned = await grains.GetGrain<ITicketGrain>(GrainKey.For(tenant, ticketId)).Abandon();
        return new EndConversationResponse { TicketId = ticketId, Abandoned = abandoned };
    }

    /// <summary>
    /// Inbound messages of one conversation, in order, stored in one call; a bad one is rejected on its own and the
    /// stream goes on. Returns the answers in the messages' order.
    /// </summary>
    private async Task<StreamConversationsResponse[]> ReceiveAll(string tenant, string adapterId, IReadOnlyList<InboundMessage> batch)
    {
        var responses = new StreamConversationsResponse[batch.Count];
        var valid = new List<(int Index, CustomerMessage Message)>(batch.Count);
        for (var i = 0; i < batch.Count; i++)
        {
            try
            {
                valid.Add((i, inbound.Validated(adapterId, batch[i], "inbound.")));
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.InvalidArgument)
            {
                responses[i] = Rejected(batch[i].AdapterMessageId, e.StatusCode, e.Status.Detail);
            }
        }
        if (valid.Count == 0)
        {
            return responses;
        }
        try
        {
            // Stored once however often they arrive (the adapter's message ids), so a call a dead silo lost is retried here.
            var acks = await retry.OnceMore(
                () => inbound.Store(tenant, adapterId, batch[0].ConversationId, valid.ConvertAll(v => v.Message)), "StreamConversations inbound");
            for (var i = 0; i < acks.Length; i++)
            {
                responses[valid[i].Index] = new() { InboundAck = acks[i] };
            }
        }
        catch (Exception e) when (valid.Count > 1 && RpcErrors.IsRefusal(e))
        {
            // One message the domain or storage refuses must not take the others with it: store them one at a time,
            // each answered on its own (those stored before the refusal are acked as duplicates).
            foreach (var (index, message) in valid)
            {
                responses[index] = await ReceiveOne(tenant, adapterId, message);
            }
        }
        catch (Exception e) when (RpcErrors.IsRefusal(e))
        {
            responses[valid[0].Index] = Rejected(valid[0].Message.AdapterMessageId, e);
        }
        return responses;
    }

    private async Task<StreamConversationsResponse> ReceiveOne(string tenant, string adapterId, CustomerMessage message)
    {
        try
        {
            return new() { InboundAck = (await retry.OnceMore(() => inbound.Store(tenant, adapterId, message.ConversationId, [message]), "StreamConversations inbound"))[0] };
        }
        catch (Exception e) when (RpcErrors.IsRefusal(e))
        {
            return Rejected(message.AdapterMessageId, e);
        }
    }

    /// <summary>A message refused (not acknowledged) with the status and sentence its refusal maps to; the stream goes on.</summary>
    private StreamConversationsResponse Rejected(string adapterMessageId, Exception refusal)
    {
        var (code, message) = RpcErrors.Refusal(refusal, logger, "StreamConversations inbound");
        return Rejected(adapterMessageId, code, message);
    }

    private static StreamConversationsResponse Rejected(string adapterMessageId, StatusCode code, string message) =>
        new() { InboundRejected = new InboundRejected { AdapterMessageId = adapterMessageId, Code = (int)code, Message = message } };

    private static async Task PumpOutbound(
        StreamMailbox<OutboundDelivery> mailbox, SerializedWriter<StreamConversationsResponse> writer, long lastSent, CancellationTokenSource stop, Action onGap)
    {
        await foreach (var delivery in mailbox.Reader.ReadAllAsync(stop.Token))
        {
            if (delivery.DeliverySequence > lastSent + 1)
            {
                // A push between lastSent and this one never arrived.
                onGap();
                await stop.CancelAsync();
                return;
            }
            if (delivery.DeliverySequence > lastSent)
            {
                await writer.Write(new() { Outbound = Wire.ToWire(delivery) }, stop.Token);
                lastSent = delivery.DeliverySequence;
            }
        }
        if (mailbox.Overflowed)
        {
            await stop.CancelAsync();
        }
    }
}
