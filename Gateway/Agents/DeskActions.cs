using Switchboard.Contracts;
using Switchboard.Contracts.Agents;
using Switchboard.Contracts.Tickets;
using Switchboard.Gateway.Mapping;
using Switchboard.Gateway.Validation;
using Switchboard.V1;

namespace Switchboard.Gateway.Agents;

/// <summary>
/// An agent's actions, each validated once and made with one call into a grain. The gRPC AgentService and the
/// web desk's JSON endpoints both call these, so the two can never disagree.
/// </summary>
public sealed class DeskActions(IGrainFactory grains)
{
    public async Task<SetPresenceResponse> SetPresence(string tenant, SetPresenceRequest request)
    {
        RequestValidator.Name("agent_id", request.AgentId);
        RequestValidator.Presence("presence", request.Presence);
        var presence = await Agent(tenant, request.AgentId).SetPresence(Wire.ToDomain(request.Presence));
        return new SetPresenceResponse { Presence = Wire.ToWire(presence) };
    }

    public async Task<AcceptOfferResponse> AcceptOffer(string tenant, AcceptOfferRequest request)
    {
        RequestValidator.Name("agent_id", request.AgentId);
        RequestValidator.Name("ticket_id", request.TicketId);
        var agent = Agent(tenant, request.AgentId);
        await agent.GetStatus();
        return new AcceptOfferResponse { Ticket = Wire.ToWire(await agent.Accept(request.TicketId)) };
    }

    public async Task<DeclineOfferResponse> DeclineOffer(string tenant, DeclineOfferRequest request)
    {
        RequestValidator.Name("agent_id", request.AgentId);
        RequestValidator.Name("ticket_id", request.TicketId);
        var agent = Agent(tenant, request.AgentId);
        await agent.GetStatus();
        await agent.Decline(request.TicketId);
        return new DeclineOfferResponse();
    }

    public async Task<ReplyResponse> Reply(string tenant, ReplyRequest request)
    {
        RequestValidator.Name("agent_id", request.AgentId);
        RequestValidator.Name("ticket_id", request.TicketId);
        RequestValidator.Body("body", request.Body);
        await Agent(tenant, request.AgentId).GetStatus();
        return new ReplyResponse { Sequence = await Ticket(tenant, request.TicketId).Reply(request.AgentId, request.Body) };
    }

    public async Task<SolveTicketResponse> SolveTicket(string tenant, SolveTicketRequest request)
    {
        RequestValidator.Name("agent_id", request.AgentId);
        RequestValidator.Name("ticket_id", request.TicketId);
        await Agent(tenant, request.AgentId).GetStatus();
        return new SolveTicketResponse { Status = Wire.ToWire(await Ticket(tenant, request.TicketId).Solve(request.AgentId)) };
    }

    public async Task<TransferTicketResponse> TransferTicket(string tenant, TransferTicketRequest request)
    {
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

    public async Task<GetTicketResponse> GetTicket(string tenant, GetTicketRequest request)
    {
        RequestValidator.Name("ticket_id", request.TicketId);
        return new GetTicketResponse { Ticket = Wire.ToWire(await Ticket(tenant, request.TicketId).Get()) };
    }

    private IAgentGrain Agent(string tenant, string agentId) => grains.GetGrain<IAgentGrain>(GrainKey.For(tenant, agentId));

    private ITicketGrain Ticket(string tenant, string ticketId) => grains.GetGrain<ITicketGrain>(GrainKey.For(tenant, ticketId));
}
