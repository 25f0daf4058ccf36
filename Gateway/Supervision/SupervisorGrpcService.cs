using Grpc.Core;
using Switchboard.Contracts;
using Switchboard.Contracts.Agents;
using Switchboard.Contracts.Routing;
using Switchboard.Contracts.Tickets;
using Switchboard.Gateway.Errors;
using Switchboard.Gateway.Mapping;
using Switchboard.Gateway.Tenancy;
using Switchboard.Gateway.Validation;
using Switchboard.V1;
using DomainAgentProfile = Switchboard.Contracts.Agents.AgentProfile;

namespace Switchboard.Gateway.Supervision;

/// <summary>Dashboards: queue state, the live floor, and a supervisor's actions on agents and tickets.</summary>
public sealed class SupervisorGrpcService(IGrainFactory grains, FloorHub floor) : SupervisorService.SupervisorServiceBase
{
    /// <summary>The highest priority a supervisor may give a waiting ticket.</summary>
    public const int MaxPriority = 100;

    public override async Task<GetQueueStatusResponse> GetQueueStatus(GetQueueStatusRequest request, ServerCallContext context)
    {
        var tenant = TenantContext.Of(context);
        var queueId = string.IsNullOrEmpty(request.QueueId) ? DomainAgentProfile.DefaultQueueId : request.QueueId;
        RequestValidator.Name("queue_id", queueId);
        var status = await grains.GetGrain<IQueueGrain>(GrainKey.For(tenant, queueId)).GetStatus();
        var response = new GetQueueStatusResponse { QueueId = status.QueueId };
        response.Waiting.AddRange(status.Waiting.Select(Wire.ToWire));
        response.Agents.AddRange(status.AvailableAgentIds.Select(id => new QueueAgent { AgentId = id, Presence = V1.Presence.Available }));
        return response;
    }

    public override async Task Watch(WatchRequest request, IServerStreamWriter<WatchResponse> responseStream, ServerCallContext context)
    {
        var tenant = TenantContext.Of(context);
        var queueId = request.QueueId.Length == 0 ? null : request.QueueId;
        if (queueId is not null)
        {
            RequestValidator.Name("queue_id", queueId);
        }
        await using var viewer = await floor.Watch(tenant, context.CancellationToken);
        try
        {
            await foreach (var update in viewer.Updates(context.CancellationToken))
            {
                await responseStream.WriteAsync(FloorWire.ToWire(update, queueId), context.CancellationToken);
            }
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            // The viewer went away.
            return;
        }
        if (viewer.Overflowed)
        {
            throw new RpcException(new Status(StatusCode.ResourceExhausted,
                $"The viewer fell more than {FloorHub.ViewerBufferLimit} updates behind; reconnect to get a fresh snapshot."));
        }
    }

    public override async Task<SetAgentPresenceResponse> SetAgentPresence(SetAgentPresenceRequest request, ServerCallContext context)
    {
        var tenant = TenantContext.Of(context);
        RequestValidator.Name("agent_id", request.AgentId);
        RequestValidator.Presence("presence", request.Presence);
        var presence = await grains.GetGrain<IAgentGrain>(GrainKey.For(tenant, request.AgentId)).ForcePresence(Wire.ToDomain(request.Presence));
        return new SetAgentPresenceResponse { Presence = Wire.ToWire(presence) };
    }

    public override async Task<ReassignTicketResponse> ReassignTicket(ReassignTicketRequest request, ServerCallContext context)
    {
        var tenant = TenantContext.Of(context);
        RequestValidator.Name("ticket_id", request.TicketId);
        RequestValidator.TransferTarget(request.TargetQueueId, request.TargetAgentId);
        var ticket = grains.GetGrain<ITicketGrain>(GrainKey.For(tenant, request.TicketId));
        var assignee = (await ticket.Get()).AssigneeAgentId
            ?? throw SwitchboardException.Precondition(
                $"Ticket {request.TicketId} is not assigned to anyone; a waiting ticket goes to the next agent by itself (change its priority to move it up).");
        await ticket.Transfer(
            assignee,
            request.TargetQueueId.Length > 0 ? request.TargetQueueId : null,
            request.TargetAgentId.Length > 0 ? request.TargetAgentId : null);
        return new ReassignTicketResponse();
    }

    public override async Task<SetTicketPriorityResponse> SetTicketPriority(SetTicketPriorityRequest request, ServerCallContext context)
    {
        var tenant = TenantContext.Of(context);
        RequestValidator.Name("ticket_id", request.TicketId);
        if (request.Priority is < 0 or > MaxPriority)
        {
            RpcErrors.ThrowInvalid("priority", $"must be between 0 and {MaxPriority}");
        }
        await grains.GetGrain<ITicketGrain>(GrainKey.For(tenant, request.TicketId)).ReprioritizeWaiting(request.Priority);
        return new SetTicketPriorityResponse();
    }
}
