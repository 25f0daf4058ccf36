using Grpc.Core;
using Switchboard.Contracts;
using Switchboard.Contracts.Agents;
using Switchboard.Contracts.Customers;
using Switchboard.Contracts.Tickets;
using Switchboard.Gateway.Errors;
using Switchboard.Gateway.Hub;
using Switchboard.Gateway.Mapping;
using Switchboard.Gateway.Security;
using Switchboard.Contracts.Security;
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
        Caller.EnsureActsAsAgent(context, request.AgentId);
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
        Caller.EnsureActsAsAgent(context, request.AgentId);
        if (request.Presence == V1.Presence.Unspecified || !Enum.IsDefined(request.Presence))
        {
            RpcErrors.ThrowInvalid("presence", "must be PRESENCE_AVAILABLE, PRESENCE_AWAY or PRESENCE_OFFLINE");
        }
        var presence = await Agent(tenant, request.AgentId).SetPresence(Wire.ToDomain(request.Presence));
        return new SetPresenceResponse { Presence = Wire.ToWire(presence) };
    }

    public override async Task<AcceptOfferResponse> AcceptOffer(AcceptOfferRequest request, ServerCallContext context)
    {
        var tenant = TenantContext.Of(context);
        RequestValidator.Name("agent_id", request.AgentId);
        Caller.EnsureActsAsAgent(context, request.AgentId);
        RequestValidator.Name("ticket_id", request.TicketId);
        var agent = Agent(tenant, request.AgentId);
        await agent.GetStatus();
        return new AcceptOfferResponse { Ticket = Wire.ToWire(await agent.Accept(request.TicketId)) };
    }

    public override async Task<DeclineOfferResponse> DeclineOffer(DeclineOfferRequest request, ServerCallContext context)
    {
        var tenant = TenantContext.Of(context);
        RequestValidator.Name("agent_id", request.AgentId);
        Caller.EnsureActsAsAgent(context, request.AgentId);
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
        Caller.EnsureActsAsAgent(context, request.AgentId);
        RequestValidator.Name("ticket_id", request.TicketId);
        RequestValidator.Body("body", request.Body);
        await Agent(tenant, request.AgentId).GetStatus();
        return new ReplyResponse { Sequence = await Ticket(tenant, request.TicketId).Reply(request.AgentId, request.Body) };
    }

    public override async Task<SolveTicketResponse> SolveTicket(SolveTicketRequest request, ServerCallContext context)
    {
        var tenant = TenantContext.Of(context);
        RequestValidator.Name("agent_id", request.AgentId);
        Caller.EnsureActsAsAgent(context, request.AgentId);
        RequestValidator.Name("ticket_id", request.TicketId);
        await Agent(tenant, request.AgentId).GetStatus();
        return new SolveTicketResponse { Status = Wire.ToWire(await Ticket(tenant, request.TicketId).Solve(request.AgentId)) };
    }

    public override async Task<TransferTicketResponse> TransferTicket(TransferTicketRequest request, ServerCallContext context)
    {
        var tenant = TenantContext.Of(context);
        RequestValidator.Name("agent_id", request.AgentId);
        Caller.EnsureActsAsAgent(context, request.AgentId);
        RequestValidator.Name("ticket_id", request.TicketId);
        if (request.TargetQueueId.Length == 0 && request.TargetAgentId.Length == 0)
        {
            RpcErrors.ThrowInvalid("target_queue_id", "name a target queue, a target agent, or both");
        }
        if (request.TargetQueueId.Length > 0)
        {
            RequestValidator.Name("target_queue_id", request.TargetQueueId);
        }
        if (request.TargetAgentId.Length > 0)
        {
            RequestValidator.Name("target_agent_id", request.TargetAgentId);
        }
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
        var before = RequestValidator.PageToken("transcript_page_token", request.TranscriptPageToken);
        if (request.TranscriptPageSize == 0 && before is null)
        {
            var whole = await Ticket(tenant, request.TicketId).Get();
            await EnsureInReach(context, tenant, whole);
            return new GetTicketResponse { Ticket = Wire.ToWire(whole) };
        }
        var pageSize = RequestValidator.PageSize("transcript_page_size", request.TranscriptPageSize);
        var page = await Ticket(tenant, request.TicketId).GetPage(pageSize, before);
        await EnsureInReach(context, tenant, page.Ticket);
        return new GetTicketResponse
        {
            Ticket = Wire.ToWire(page.Ticket),
            NextTranscriptPageToken = page.NextBeforeSequence is { } next ? PageTokens.Encode(next) : "",
        };
    }

    /// <summary>Agents see their own tickets and those waiting in the queues they serve; other roles all of the tenant's.</summary>
    private async Task EnsureInReach(ServerCallContext context, string tenant, TicketView ticket)
    {
        var caller = Caller.Of(context);
        if (caller.Role == CallerRole.Agent && ticket.AssigneeAgentId != caller.AgentId)
        {
            var agent = await Agent(tenant, caller.AgentId!).GetStatus();
            if (!agent.Profile.QueueIds.Contains(ticket.QueueId))
            {
                throw new RpcException(new Status(StatusCode.PermissionDenied,
                    $"Ticket {ticket.TicketId} is neither assigned to agent '{caller.AgentId}' nor in one of their queues."));
            }
        }
    }

    public override async Task<UpdateTicketResponse> UpdateTicket(UpdateTicketRequest request, ServerCallContext context)
    {
        var tenant = TenantContext.Of(context);
        RequestValidator.Validate(request);
        Caller.EnsureActsAsAgent(context, request.AgentId);
        await Agent(tenant, request.AgentId).GetStatus();
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
        await Agent(tenant, request.AgentId).GetStatus();
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
        var agent = await Agent(tenant, request.AgentId).GetStatus();
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
            await EnsureInReach(context, tenant, await Ticket(tenant, request.TicketId).Get());
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

    private IAgentGrain Agent(string tenant, string agentId) => grains.GetGrain<IAgentGrain>(GrainKey.For(tenant, agentId));

    private ITicketGrain Ticket(string tenant, string ticketId) => grains.GetGrain<ITicketGrain>(GrainKey.For(tenant, ticketId));
}
