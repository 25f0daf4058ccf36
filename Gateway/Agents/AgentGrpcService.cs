using Grpc.Core;
using Switchboard.Contracts;
using Switchboard.Contracts.Agents;
using Switchboard.Contracts.Security;
using Switchboard.Contracts.Tickets;
using Switchboard.Gateway.Mapping;
using Switchboard.Gateway.Security;
using Switchboard.Gateway.Tenancy;
using Switchboard.Gateway.Validation;
using Switchboard.V1;

namespace Switchboard.Gateway.Agents;

/// <summary>Agent desktops over gRPC: the live desk stream and the agent's actions, each one call into a grain.</summary>
public sealed class AgentGrpcService(IGrainFactory grains, DeskFeed desk, DeskActions actions) : AgentService.AgentServiceBase
{
    private static readonly WriteOptions BufferedWrite = new(WriteFlags.BufferHint);

    public override async Task StreamDesk(StreamDeskRequest request, IServerStreamWriter<StreamDeskResponse> responseStream, ServerCallContext context)
    {
        var caller = Who(context);
        RequestValidator.Name("agent_id", request.AgentId);
        Caller.EnsureActsAsAgent(caller, request.AgentId);
        try
        {
            await foreach (var frame in desk.Open(caller.Tenant, request.AgentId, context.CancellationToken))
            {
                // Events already waiting go out with this one in one flush (an offer and its auto-accept, a burst of messages).
                responseStream.WriteOptions = frame.MoreWaiting ? BufferedWrite : null;
                await responseStream.WriteAsync(frame.Response, context.CancellationToken);
            }
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            // The desk went away; the feed has started its grace period.
        }
    }

    public override Task<SetPresenceResponse> SetPresence(SetPresenceRequest request, ServerCallContext context) =>
        actions.SetPresence(Who(context), request);

    public override Task<AcceptOfferResponse> AcceptOffer(AcceptOfferRequest request, ServerCallContext context) =>
        actions.AcceptOffer(Who(context), request);

    public override Task<DeclineOfferResponse> DeclineOffer(DeclineOfferRequest request, ServerCallContext context) =>
        actions.DeclineOffer(Who(context), request);

    public override Task<ReplyResponse> Reply(ReplyRequest request, ServerCallContext context) =>
        actions.Reply(Who(context), request);

    public override Task<SolveTicketResponse> SolveTicket(SolveTicketRequest request, ServerCallContext context) =>
        actions.SolveTicket(Who(context), request);

    public override Task<TransferTicketResponse> TransferTicket(TransferTicketRequest request, ServerCallContext context) =>
        actions.TransferTicket(Who(context), request);

    public override Task<GetTicketResponse> GetTicket(GetTicketRequest request, ServerCallContext context) =>
        actions.GetTicket(Who(context), request);

    public override Task<UpdateTicketResponse> UpdateTicket(UpdateTicketRequest request, ServerCallContext context) =>
        actions.UpdateTicket(Who(context), request);

    public override Task<AddInternalNoteResponse> AddInternalNote(AddInternalNoteRequest request, ServerCallContext context) =>
        actions.AddInternalNote(Who(context), request);

    public override async Task<ApplyMacroResponse> ApplyMacro(ApplyMacroRequest request, ServerCallContext context)
    {
        var tenant = TenantContext.Of(context);
        RequestValidator.Name("agent_id", request.AgentId);
        Caller.EnsureActsAsAgent(context, request.AgentId);
        RequestValidator.Name("ticket_id", request.TicketId);
        RequestValidator.Name("macro_id", request.MacroId);
        // The agent's name comes from here, so the ticket never waits on an agent grain that may be calling it.
        var agent = await actions.Status(tenant, request.AgentId);
        var ticket = await Ticket(tenant, request.TicketId).ApplyMacro(request.AgentId, agent.Profile.DisplayName, request.MacroId);
        return new ApplyMacroResponse { Ticket = Wire.ToWire(ticket) };
    }

    public override async Task<ListTicketEventsResponse> ListTicketEvents(ListTicketEventsRequest request, ServerCallContext context)
    {
        var tenant = TenantContext.Of(context);
        RequestValidator.Name("ticket_id", request.TicketId);
        var pageSize = RequestValidator.PageSize("page_size", request.PageSize);
        var after = RequestValidator.PageToken("page_token", request.PageToken) ?? 0;
        if (Caller.Of(context).Role == CallerRole.Agent)
        {
            await actions.EnsureInReach(Caller.Of(context), await Ticket(tenant, request.TicketId).Get());
        }
        var page = await Ticket(tenant, request.TicketId).ListEvents(pageSize, after);
        var response = new ListTicketEventsResponse { NextPageToken = page.NextAfterSequence is { } next ? PageTokens.Encode(next) : "" };
        response.Events.AddRange(page.Entries.Select(Wire.ToWire));
        return response;
    }

    public override Task<ListCustomerTicketsResponse> ListCustomerTickets(ListCustomerTicketsRequest request, ServerCallContext context) =>
        actions.ListCustomerTickets(Who(context), request);

    public override Task<MergeTicketsResponse> MergeTickets(MergeTicketsRequest request, ServerCallContext context) =>
        actions.MergeTickets(Who(context), request);

    public override Task<StartSideConversationResponse> StartSideConversation(StartSideConversationRequest request, ServerCallContext context) =>
        actions.StartSideConversation(Who(context), request);

    public override Task<ReplySideConversationResponse> ReplySideConversation(ReplySideConversationRequest request, ServerCallContext context) =>
        actions.ReplySideConversation(Who(context), request);

    public override Task<CloseSideConversationResponse> CloseSideConversation(CloseSideConversationRequest request, ServerCallContext context) =>
        actions.CloseSideConversation(Who(context), request);

    /// <summary>The caller, once the tenant the call names (if any) is checked against its credential.</summary>
    private static CallerIdentity Who(ServerCallContext context)
    {
        TenantContext.Of(context);
        return Caller.Of(context);
    }

    private IAgentGrain Agent(string tenant, string agentId) => grains.GetGrain<IAgentGrain>(GrainKey.For(tenant, agentId));

    private ITicketGrain Ticket(string tenant, string ticketId) => grains.GetGrain<ITicketGrain>(GrainKey.For(tenant, ticketId));
}
