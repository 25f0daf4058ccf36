using Grpc.Core;
using Switchboard.Gateway.Tenancy;
using Switchboard.V1;

namespace Switchboard.Gateway.Agents;

/// <summary>Agent desktops over gRPC: the live desk stream and the agent's actions.</summary>
public sealed class AgentGrpcService(DeskFeed desk, DeskActions actions) : AgentService.AgentServiceBase
{
    public override async Task StreamDesk(StreamDeskRequest request, IServerStreamWriter<StreamDeskResponse> responseStream, ServerCallContext context)
    {
        var tenant = TenantContext.Of(context);
        try
        {
            await foreach (var deskEvent in desk.Open(tenant, request.AgentId, context.CancellationToken))
            {
                await responseStream.WriteAsync(deskEvent, context.CancellationToken);
            }
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            // The desk went away; the feed has started its grace period.
        }
    }

    public override Task<SetPresenceResponse> SetPresence(SetPresenceRequest request, ServerCallContext context) =>
        actions.SetPresence(TenantContext.Of(context), request);

    public override Task<AcceptOfferResponse> AcceptOffer(AcceptOfferRequest request, ServerCallContext context) =>
        actions.AcceptOffer(TenantContext.Of(context), request);

    public override Task<DeclineOfferResponse> DeclineOffer(DeclineOfferRequest request, ServerCallContext context) =>
        actions.DeclineOffer(TenantContext.Of(context), request);

    public override Task<ReplyResponse> Reply(ReplyRequest request, ServerCallContext context) =>
        actions.Reply(TenantContext.Of(context), request);

    public override Task<SolveTicketResponse> SolveTicket(SolveTicketRequest request, ServerCallContext context) =>
        actions.SolveTicket(TenantContext.Of(context), request);

    public override Task<TransferTicketResponse> TransferTicket(TransferTicketRequest request, ServerCallContext context) =>
        actions.TransferTicket(TenantContext.Of(context), request);

    public override Task<GetTicketResponse> GetTicket(GetTicketRequest request, ServerCallContext context) =>
        actions.GetTicket(TenantContext.Of(context), request);
}
