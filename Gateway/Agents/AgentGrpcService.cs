using Grpc.Core;
using Switchboard.Contracts;
using Switchboard.Contracts.Agents;
using Switchboard.Contracts.Tickets;
using Switchboard.Gateway.Errors;
using Switchboard.Gateway.Hub;
using Switchboard.Gateway.Mapping;
using Switchboard.Gateway.Tenancy;
using Switchboard.Gateway.Validation;
using Switchboard.V1;

namespace Switchboard.Gateway.Agents;

/// <summary>Agent desktops: the live desk stream and the agent's actions, each one call into a grain.</summary>
public sealed class AgentGrpcService(IGrainFactory grains, GatewayHub hub) : AgentService.AgentServiceBase
{
    public override async Task StreamDesk(StreamDeskRequest request, IServerStreamWriter<StreamDeskResponse> responseStream, ServerCallContext context)
    {
        var tenant = TenantContext.Of(context);
        RequestValidator.Name("agent_id", request.AgentId);
        var agent = Agent(tenant, request.AgentId);
        var connectionId = Guid.NewGuid().ToString("N");
        var mailbox = hub.OpenDesk(connectionId);
        try
        {
            var status = await agent.AttachDesk(hub.Reference, connectionId);
            await responseStream.WriteAsync(new() { Snapshot = Wire.ToSnapshot(status) }, context.CancellationToken);
            await foreach (var deskEvent in mailbox.Reader.ReadAllAsync(context.CancellationToken))
            {
                await responseStream.WriteAsync(Wire.ToWire(deskEvent), context.CancellationToken);
            }
            if (mailbox.Overflowed)
            {
                throw new RpcException(new Status(StatusCode.ResourceExhausted,
                    $"The desk fell more than {GatewayHub.StreamBufferLimit} events behind; reconnect to get a fresh snapshot."));
            }
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            // The desk went away; the finally block starts its grace period.
        }
        finally
        {
            hub.CloseDesk(connectionId);
            await agent.DetachDesk(connectionId);
        }
    }

    public override async Task<SetPresenceResponse> SetPresence(SetPresenceRequest request, ServerCallContext context)
    {
        var tenant = TenantContext.Of(context);
        RequestValidator.Name("agent_id", request.AgentId);
        RequestValidator.Presence("presence", request.Presence);
        var presence = await Agent(tenant, request.AgentId).SetPresence(Wire.ToDomain(request.Presence));
        return new SetPresenceResponse { Presence = Wire.ToWire(presence) };
    }

    public override async Task<AcceptOfferResponse> AcceptOffer(AcceptOfferRequest request, ServerCallContext context)
    {
        var tenant = TenantContext.Of(context);
        RequestValidator.Name("agent_id", request.AgentId);
        RequestValidator.Name("ticket_id", request.TicketId);
        var agent = Agent(tenant, request.AgentId);
        await agent.GetStatus();
        return new AcceptOfferResponse { Ticket = Wire.ToWire(await agent.Accept(request.TicketId)) };
    }

    public override async Task<DeclineOfferResponse> DeclineOffer(DeclineOfferRequest request, ServerCallContext context)
    {
        var tenant = TenantContext.Of(context);
        RequestValidator.Name("agent_id", request.AgentId);
        RequestValidator.Name("ticket_id", request.TicketId);
        var agent = Agent(tenant, request.AgentId);
        await agent.GetStatus();
        await agent.Decline(request.TicketId);
        return new DeclineOfferResponse();
    }

    public override async Task<ReplyResponse> Reply(ReplyRequest request, ServerCallContext context)
    {
        var tenant = TenantContext.Of(context);
        RequestValidator.Name("agent_id", request.AgentId);
        RequestValidator.Name("ticket_id", request.TicketId);
        RequestValidator.Body("body", request.Body);
        await Agent(tenant, request.AgentId).GetStatus();
        return new ReplyResponse { Sequence = await Ticket(tenant, request.TicketId).Reply(request.AgentId, request.Body) };
    }

    public override async Task<SolveTicketResponse> SolveTicket(SolveTicketRequest request, ServerCallContext context)
    {
        var tenant = TenantContext.Of(context);
        RequestValidator.Name("agent_id", request.AgentId);
        RequestValidator.Name("ticket_id", request.TicketId);
        await Agent(tenant, request.AgentId).GetStatus();
        return new SolveTicketResponse { Status = Wire.ToWire(await Ticket(tenant, request.TicketId).Solve(request.AgentId)) };
    }

    public override async Task<TransferTicketResponse> TransferTicket(TransferTicketRequest request, ServerCallContext context)
    {
        var tenant = TenantContext.Of(context);
        RequestValidator.Name("agent_id", request.AgentId);
        RequestValidator.Name("ticket_id", request.TicketId);
        RequestValidator.TransferTarget(request.TargetQueueId, request.TargetAgentId);
        await Agent(tenant, request.AgentId).GetStatus();
        await Ticket(tenant, request.TicketId).Transfer(
            request.AgentId,
            request.TargetQueueId.Length > 0 ? request.TargetQueueId : null,
            request.TargetAgentId.Length > 0 ? request.TargetAgentId : null);
        return new TransferTicketResponse();
    }

    public override async Task<GetTicketResponse> GetTicket(GetTicketRequest request, ServerCallContext context)
    {
        var tenant = TenantContext.Of(context);
        RequestValidator.Name("ticket_id", request.TicketId);
        return new GetTicketResponse { Ticket = Wire.ToWire(await Ticket(tenant, request.TicketId).Get()) };
    }

    private IAgentGrain Agent(string tenant, string agentId) => grains.GetGrain<IAgentGrain>(GrainKey.For(tenant, agentId));

    private ITicketGrain Ticket(string tenant, string ticketId) => grains.GetGrain<ITicketGrain>(GrainKey.For(tenant, ticketId));
}
