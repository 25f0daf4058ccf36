using Grpc.Core;
using Switchboard.Contracts;
using Switchboard.Contracts.Security;
using Switchboard.Gateway.Security;
using Switchboard.Contracts.Agents;
using Switchboard.Contracts.Customers;
using Switchboard.Contracts.Tickets;
using Switchboard.Gateway.Cluster;
using Switchboard.Gateway.Mapping;
using Switchboard.Gateway.Validation;
using Switchboard.V1;

namespace Switchboard.Gateway.Agents;

/// <summary>
/// An agent's actions, each validated once and made with one call into a grain (a merge: through the customer).
/// The gRPC AgentService and the web desk's JSON endpoints both call these, so the two can never disagree.
/// </summary>
public sealed class DeskActions(IGrainFactory grains, LostCallRetry retry)
{
    public async Task<SetPresenceResponse> SetPresence(CallerIdentity caller, SetPresenceRequest request)
    {
        RequestValidator.Name("agent_id", request.AgentId);
        Caller.EnsureActsAsAgent(caller, request.AgentId);
        var tenant = caller.Tenant;
        RequestValidator.Presence("presence", request.Presence);
        var presence = await Agent(tenant, request.AgentId).SetPresence(Wire.ToDomain(request.Presence));
        return new SetPresenceResponse { Presence = Wire.ToWire(presence) };
    }

    public async Task<AcceptOfferResponse> AcceptOffer(CallerIdentity caller, AcceptOfferRequest request)
    {
        RequestValidator.Name("agent_id", request.AgentId);
        Caller.EnsureActsAsAgent(caller, request.AgentId);
        var tenant = caller.Tenant;
        RequestValidator.Name("ticket_id", request.TicketId);
        var agent = Agent(tenant, request.AgentId);
        await Status(tenant, request.AgentId);
        return new AcceptOfferResponse { Ticket = Wire.ToWire(await agent.Accept(request.TicketId)) };
    }

    public async Task<DeclineOfferResponse> DeclineOffer(CallerIdentity caller, DeclineOfferRequest request)
    {
        RequestValidator.Name("agent_id", request.AgentId);
        Caller.EnsureActsAsAgent(caller, request.AgentId);
        var tenant = caller.Tenant;
        RequestValidator.Name("ticket_id", request.TicketId);
        var agent = Agent(tenant, request.AgentId);
        await Status(tenant, request.AgentId);
        await agent.Decline(request.TicketId);
        return new DeclineOfferResponse();
    }

    public async Task<ReplyResponse> Reply(CallerIdentity caller, ReplyRequest request)
    {
        RequestValidator.Name("agent_id", request.AgentId);
        Caller.EnsureActsAsAgent(caller, request.AgentId);
        var tenant = caller.Tenant;
        RequestValidator.Name("ticket_id", request.TicketId);
        RequestValidator.Body("body", request.Body);
        await Status(tenant, request.AgentId);
        return new ReplyResponse { Sequence = await Ticket(tenant, request.TicketId).Reply(request.AgentId, request.Body) };
    }

    public async Task<SolveTicketResponse> SolveTicket(CallerIdentity caller, SolveTicketRequest request)
    {
        RequestValidator.Name("agent_id", request.AgentId);
        Caller.EnsureActsAsAgent(caller, request.AgentId);
        var tenant = caller.Tenant;
        RequestValidator.Name("ticket_id", request.TicketId);
        await Status(tenant, request.AgentId);
        return new SolveTicketResponse { Status = Wire.ToWire(await Ticket(tenant, request.TicketId).Solve(request.AgentId)) };
    }

    public async Task<TransferTicketResponse> TransferTicket(CallerIdentity caller, TransferTicketRequest request)
    {
        RequestValidator.Name("agent_id", request.AgentId);
        Caller.EnsureActsAsAgent(caller, request.AgentId);
        var tenant = caller.Tenant;
        RequestValidator.Name("ticket_id", request.TicketId);
        RequestValidator.TransferTarget(request.TargetQueueId, request.TargetAgentId);
        await Status(tenant, request.AgentId);
        await Ticket(tenant, request.TicketId).Transfer(
            request.AgentId,
            request.TargetQueueId.Length > 0 ? request.TargetQueueId : null,
            request.TargetAgentId.Length > 0 ? request.TargetAgentId : null);
        return new TransferTicketResponse();
    }

    public async Task<GetTicketResponse> GetTicket(CallerIdentity caller, GetTicketRequest request)
    {
        var tenant = caller.Tenant;
        RequestValidator.Name("ticket_id", request.TicketId);
        var before = RequestValidator.PageToken("transcript_page_token", request.TranscriptPageToken);
        if (request.TranscriptPageSize == 0 && before is null)
        {
            var whole = await Ticket(tenant, request.TicketId).Get();
            await EnsureInReach(caller, whole);
            return new GetTicketResponse { Ticket = await WithMergedTranscripts(tenant, whole) };
        }
        var pageSize = RequestValidator.PageSize("transcript_page_size", request.TranscriptPageSize);
        var page = await Ticket(tenant, request.TicketId).GetPage(pageSize, before);
        await EnsureInReach(caller, page.Ticket);
        return new GetTicketResponse
        {
            Ticket = before is null ? await WithMergedTranscripts(tenant, page.Ticket) : Wire.ToWire(page.Ticket),
            NextTranscriptPageToken = page.NextBeforeSequence is { } next ? PageTokens.Encode(next) : "",
        };
    }

    public async Task<UpdateTicketResponse> UpdateTicket(CallerIdentity caller, UpdateTicketRequest request)
    {
        RequestValidator.Validate(request);
        Caller.EnsureActsAsAgent(caller, request.AgentId);
        await Status(caller.Tenant, request.AgentId);
        var ticket = await Ticket(caller.Tenant, request.TicketId).Update(request.AgentId, Wire.ToDomain(request));
        return new UpdateTicketResponse { Ticket = Wire.ToWire(ticket) };
    }

    public async Task<AddInternalNoteResponse> AddInternalNote(CallerIdentity caller, AddInternalNoteRequest request)
    {
        RequestValidator.Name("agent_id", request.AgentId);
        Caller.EnsureActsAsAgent(caller, request.AgentId);
        RequestValidator.Name("ticket_id", request.TicketId);
        RequestValidator.Body("body", request.Body);
        await Status(caller.Tenant, request.AgentId);
        return new AddInternalNoteResponse { Sequence = await Ticket(caller.Tenant, request.TicketId).AddNote(request.AgentId, request.Body) };
    }

    public async Task<ListCustomerTicketsResponse> ListCustomerTickets(CallerIdentity caller, ListCustomerTicketsRequest request)
    {
        var tenant = caller.Tenant;
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

    public async Task<MergeTicketsResponse> MergeTickets(CallerIdentity caller, MergeTicketsRequest request)
    {
        RequestValidator.Validate(request);
        Caller.EnsureActsAsAgent(caller, request.AgentId);
        await Status(caller.Tenant, request.AgentId);
        // Both tickets must exist and be within the agent's reach before either changes.
        await EnsureInReach(caller, await Ticket(caller.Tenant, request.SourceTicketId).Get());
        var target = await Ticket(caller.Tenant, request.TargetTicketId).Get();
        await EnsureInReach(caller, target);
        // Through the target's customer, which runs one merge of its tickets at a time (no two tickets wait on each other).
        var merged = await grains.GetGrain<ICustomerGrain>(GrainKey.For(caller.Tenant, target.CustomerId))
            .MergeTickets(request.AgentId, request.SourceTicketId, request.TargetTicketId);
        return new MergeTicketsResponse { Ticket = Wire.ToWire(merged) };
    }

    public async Task<StartSideConversationResponse> StartSideConversation(CallerIdentity caller, StartSideConversationRequest request)
    {
        RequestValidator.Validate(request);
        var ticket = await SideConversationTicket(caller, request.AgentId, request.TicketId);
        var receipt = await ticket.StartSideConversation(request.AgentId, new SideConversationDraft(
            request.AdapterId, Wire.ToDomain(request.Channel), request.RecipientAddress, request.Subject, request.Body));
        return new StartSideConversationResponse { SideConversationId = receipt.SideConversationId, Sequence = receipt.Sequence };
    }

    public async Task<ReplySideConversationResponse> ReplySideConversation(CallerIdentity caller, ReplySideConversationRequest request)
    {
        RequestValidator.Name("agent_id", request.AgentId);
        RequestValidator.Name("ticket_id", request.TicketId);
        RequestValidator.Name("side_conversation_id", request.SideConversationId);
        RequestValidator.Body("body", request.Body);
        var ticket = await SideConversationTicket(caller, request.AgentId, request.TicketId);
        var receipt = await ticket.ReplySideConversation(request.AgentId, request.SideConversationId, request.Body);
        return new ReplySideConversationResponse { Sequence = receipt.Sequence };
    }

    public async Task<CloseSideConversationResponse> CloseSideConversation(CallerIdentity caller, CloseSideConversationRequest request)
    {
        RequestValidator.Name("agent_id", request.AgentId);
        RequestValidator.Name("ticket_id", request.TicketId);
        RequestValidator.Name("side_conversation_id", request.SideConversationId);
        var ticket = await SideConversationTicket(caller, request.AgentId, request.TicketId);
        await ticket.CloseSideConversation(request.AgentId, request.SideConversationId);
        return new CloseSideConversationResponse();
    }

    /// <summary>The ticket an agent works a side conversation of: the agent acts as themself and has it within reach.</summary>
    private async Task<ITicketGrain> SideConversationTicket(CallerIdentity caller, string agentId, string ticketId)
    {
        Caller.EnsureActsAsAgent(caller, agentId);
        await Status(caller.Tenant, agentId);
        var ticket = Ticket(caller.Tenant, ticketId);
        await EnsureInReach(caller, await ticket.Get());
        return ticket;
    }

    /// <summary>The most merged tickets whose transcripts one GetTicket gathers (merges of merges included).</summary>
    private const int MaxMergedTranscripts = 50;

    /// <summary>
    /// The ticket with the transcripts of the tickets merged into it, read from each source as it stands (so an
    /// erasure there shows here too). Gathered here, not by the ticket grain, so no ticket ever waits on another.
    /// </summary>
    private async Task<Ticket> WithMergedTranscripts(string tenant, TicketView ticket)
    {
        var wire = Wire.ToWire(ticket);
        var seen = new HashSet<string>(StringComparer.Ordinal) { ticket.TicketId };
        var next = new Queue<string>(ticket.MergedFromTicketIds);
        while (next.TryDequeue(out var sourceId) && wire.MergedTranscripts.Count < MaxMergedTranscripts)
        {
            if (!seen.Add(sourceId))
            {
                continue;
            }
            var source = await Ticket(tenant, sourceId).Get();
            wire.MergedTranscripts.Add(Wire.ToMergedTranscript(source));
            foreach (var earlier in source.MergedFromTicketIds)
            {
                next.Enqueue(earlier);
            }
        }
        return wire;
    }

    /// <summary>Agents see their own tickets and those waiting in the queues they serve; other roles all of the tenant's.</summary>
    public async Task EnsureInReach(CallerIdentity caller, TicketView ticket)
    {
        if (caller.Role == CallerRole.Agent && ticket.AssigneeAgentId != caller.AgentId)
        {
            var agent = await Status(caller.Tenant, caller.AgentId!);
            if (!agent.Profile.QueueIds.Contains(ticket.QueueId))
            {
                throw new RpcException(new Grpc.Core.Status(StatusCode.PermissionDenied,
                    $"Ticket {ticket.TicketId} is neither assigned to agent '{caller.AgentId}' nor in one of their queues."));
            }
        }
    }

    /// <summary>
    /// The agent as it stands, which also checks that it exists: a read, so a call a dead silo lost is retried, even
    /// within an action that is not (nothing has changed yet when it is asked).
    /// </summary>
    public Task<AgentStatus> Status(string tenant, string agentId) => retry.OnceMore(() => Agent(tenant, agentId).GetStatus(), "agent status");

    private IAgentGrain Agent(string tenant, string agentId) => grains.GetGrain<IAgentGrain>(GrainKey.For(tenant, agentId));

    private ITicketGrain Ticket(string tenant, string ticketId) => grains.GetGrain<ITicketGrain>(GrainKey.For(tenant, ticketId));
}
