using Grpc.Core;
using Switchboard.Contracts;
using Switchboard.Contracts.Agents;
using Switchboard.Contracts.Customers;
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
    public override async Task StreamDesk(StreamDeskRequest request, IServerStreamWriter<StreamDeskResponse> responseStream, ServerCallContext context)
    {
        var caller = Who(context);
        RequestValidator.Name("agent_id", request.AgentId);
        Caller.EnsureActsAsAgent(caller, request.AgentId);
        try
        {
            await foreach (var deskEvent in desk.Open(caller.Tenant, request.AgentId, context.CancellationToken))
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

    public override async Task<UpdateTicketResponse> UpdateTicket(UpdateTicketRequest request, ServerCallContext context)
    {
        var tenant = TenantContext.Of(context);
        RequestValidator.Validate(request);
        Caller.EnsureActsAsAgent(context, request.AgentId);
        await actions.Status(tenant, request.AgentId);
        var ticket = await Ticket(tenant, request.TicketId).Update(request.AgentId, Wire.ToDomain(request));
        return new UpdateTicketResponse { Ticket = Wire.ToWire(ticket) };
    }

    public override async Task<AddInternalNoteResponse> AddInternalNote(AddInternalNoteRequest request, ServerCallContext context)
    {
        var tenant = TenantContext.Of(context);
        RequestValidator.Name("agent_id", request.AgentId);
        Caller.EnsureActsAsAgent(context, request.AgentId);
        RequestValidator.Name("ticket_id", request.TicketId);
        RequestValidator.Body("body", request.Body);
        await actions.Status(tenant, request.AgentId);
        return new AddInternalNoteResponse { Sequence = await Ticket(tenant, request.TicketId).AddNote(request.AgentId, request.Body) };
    }

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

    public override async Task<ListCustomerTicketsResponse> ListCustomerTickets(ListCustomerTicketsRequest request, ServerCallContext context)
    {
        var tenant = TenantContext.Of(context);
        RequestValidator.Name("customer_id", request.CustomerId);
        var pageSize = RequestValidator.PageSize("page_size", request.PageSize);
        var customer = await grains.GetGrain<ICustomerGrain>(GrainKey.For(tenant, request.CustomerId)).Get();
        // The customer's tickets in the order they were opened; a page counts back from the token's index.
        var end = (int)Math.Min(RequestValidator.PageToken("page_token", request.PageToken) ?? customer.TicketIds.Count, customer.TicketIds.Count);
        var start = Math.Max(0, end - pageSize);
        // Fanned out from here, not from the customer grain, which tickets call while they change.
        var summaries = await Task.WhenAll(customer.TicketIds.Skip(start).Take(end - start).Reverse().Select(id => Ticket(tenant, id).Summarize()));
        var response = new ListCustomerTicketsResponse
        {
            CustomerId = customer.CustomerId,
            DisplayName = customer.DisplayName ?? "",
            NextPageToken = start > 0 ? PageTokens.Encode(start) : "",
        };
        response.Tickets.AddRange(summaries.Select(Wire.ToWire));
        return response;
    }

    public override async Task<MergeTicketsResponse> MergeTickets(MergeTicketsRequest request, ServerCallContext context)
    {
        var caller = Who(context);
        RequestValidator.Validate(request);
        Caller.EnsureActsAsAgent(caller, request.AgentId);
        await actions.Status(caller.Tenant, request.AgentId);
        // Both tickets must exist and be within the agent's reach before either changes.
        await actions.EnsureInReach(caller, await Ticket(caller.Tenant, request.SourceTicketId).Get());
        var target = await Ticket(caller.Tenant, request.TargetTicketId).Get();
        await actions.EnsureInReach(caller, target);
        // Through the target's customer, which runs one merge of its tickets at a time (no two tickets wait on each other).
        var merged = await grains.GetGrain<ICustomerGrain>(GrainKey.For(caller.Tenant, target.CustomerId))
            .MergeTickets(request.AgentId, request.SourceTicketId, request.TargetTicketId);
        return new MergeTicketsResponse { Ticket = Wire.ToWire(merged) };
    }

    public override async Task<StartSideConversationResponse> StartSideConversation(StartSideConversationRequest request, ServerCallContext context)
    {
        RequestValidator.Validate(request);
        var ticket = await SideConversationTicket(context, request.AgentId, request.TicketId);
        var receipt = await ticket.StartSideConversation(request.AgentId, new SideConversationDraft(
            request.AdapterId, Wire.ToDomain(request.Channel), request.RecipientAddress, request.Subject, request.Body));
        return new StartSideConversationResponse { SideConversationId = receipt.SideConversationId, Sequence = receipt.Sequence };
    }

    public override async Task<ReplySideConversationResponse> ReplySideConversation(ReplySideConversationRequest request, ServerCallContext context)
    {
        RequestValidator.Name("agent_id", request.AgentId);
        RequestValidator.Name("ticket_id", request.TicketId);
        RequestValidator.Name("side_conversation_id", request.SideConversationId);
        RequestValidator.Body("body", request.Body);
        var ticket = await SideConversationTicket(context, request.AgentId, request.TicketId);
        var receipt = await ticket.ReplySideConversation(request.AgentId, request.SideConversationId, request.Body);
        return new ReplySideConversationResponse { Sequence = receipt.Sequence };
    }

    public override async Task<CloseSideConversationResponse> CloseSideConversation(CloseSideConversationRequest request, ServerCallContext context)
    {
        RequestValidator.Name("agent_id", request.AgentId);
        RequestValidator.Name("ticket_id", request.TicketId);
        RequestValidator.Name("side_conversation_id", request.SideConversationId);
        var ticket = await SideConversationTicket(context, request.AgentId, request.TicketId);
        await ticket.CloseSideConversation(request.AgentId, request.SideConversationId);
        return new CloseSideConversationResponse();
    }

    /// <summary>The ticket an agent works a side conversation of: the agent acts as themself and has it within reach.</summary>
    private async Task<ITicketGrain> SideConversationTicket(ServerCallContext context, string agentId, string ticketId)
    {
        var caller = Who(context);
        Caller.EnsureActsAsAgent(caller, agentId);
        await actions.Status(caller.Tenant, agentId);
        var ticket = Ticket(caller.Tenant, ticketId);
        await actions.EnsureInReach(caller, await ticket.Get());
        return ticket;
    }

    /// <summary>The caller, once the tenant the call names (if any) is checked against its credential.</summary>
    private static CallerIdentity Who(ServerCallContext context)
    {
        TenantContext.Of(context);
        return Caller.Of(context);
    }

    private IAgentGrain Agent(string tenant, string agentId) => grains.GetGrain<IAgentGrain>(GrainKey.For(tenant, agentId));

    private ITicketGrain Ticket(string tenant, string ticketId) => grains.GetGrain<ITicketGrain>(GrainKey.For(tenant, ticketId));
}
