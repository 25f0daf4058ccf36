using Grpc.Core;
using Switchboard.Contracts;
using DomainAgentProfile = Switchboard.Contracts.Agents.AgentProfile;
using Switchboard.Contracts.Routing;
using Switchboard.Gateway.Mapping;
using Switchboard.Gateway.Tenancy;
using Switchboard.Gateway.Validation;
using Switchboard.V1;

namespace Switchboard.Gateway.Supervision;

/// <summary>Dashboards: queue state now; live figures as they come.</summary>
public sealed class SupervisorGrpcService(IGrainFactory grains) : SupervisorService.SupervisorServiceBase
{
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
}
