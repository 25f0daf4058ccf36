using Orleans.Concurrency;
using Switchboard.Contracts.Gateway;
using Switchboard.Contracts.Routing;
using Switchboard.Contracts.Tickets;

namespace Switchboard.Contracts.Agents;

/// <summary>An agent, keyed "{tenant}/{agentId}": owns presence, capacity, offers and current work.</summary>
[Alias("switchboard.IAgentGrain")]
public interface IAgentGrain : IGrainWithStringKey
{
    [Alias("UpsertProfile")]
    Task<AgentProfile> UpsertProfile(AgentProfile profile);

    /// <summary>The agent's status; NotFound when the agent was never created.</summary>
    [Alias("GetStatus")]
    Task<AgentStatus> GetStatus();

    /// <summary>
    /// The queues the agent serves; NotFound when the agent was never created. Answered between the steps of a call in
    /// progress (it reads only the profile, which a call replaces whole), so a ticket that asks while the agent waits on
    /// that ticket does not wait in a circle: going offline waits for each of the agent's tickets, and a transfer to the
    /// agent asks which queues it serves.
    /// </summary>
    [Alias("ServedQueues"), AlwaysInterleave]
    Task<IReadOnlyList<string>> ServedQueues();

    [Alias("SetPresence")]
    Task<Presence> SetPresence(Presence presence);

    /// <summary>A supervisor sets the agent's presence; the desk is told who did it.</summary>
    [Alias("ForcePresence")]
    Task<Presence> ForcePresence(Presence presence);

    /// <summary>The tenant's supervision grain lost its picture: report figures again.</summary>
    [Alias("RefreshFigures"), OneWay]
    Task RefreshFigures();

    /// <summary>A desk stream opened on a gateway; events for it go to that gateway's hub.</summary>
    [Alias("AttachDesk")]
    Task<AgentStatus> AttachDesk(IGatewayHub hub, string connectionId);

    /// <summary>The desk stream closed; after the grace period the agent goes offline.</summary>
    [Alias("DetachDesk")]
    Task DetachDesk(string connectionId);

    /// <summary>
    /// How many events this activation pushed to the desk stream: -1 when no desk is attached at all (an activation
    /// that replaced one lost with its silo), 0 when another stream is attached. The gateway compares it with what
    /// the stream received and, when events were lost on the way or the agent forgot the desk, ends the stream, so
    /// the desk reconnects (within the grace period) and gets a fresh snapshot.
    /// </summary>
    [Alias("DeskEventsSent")]
    Task<long> DeskEventsSent(string connectionId);

    /// <summary>
    /// A queue offers a ticket standing at <paramref name="standing"/> in its line; the agent decides, since it
    /// owns its capacity, and may take a better ticket from another of its queues instead.
    /// </summary>
    [Alias("Offer"), OneWay]
    Task Offer(QueuedTicket ticket, LineStanding standing);

    [Alias("Accept")]
    Task<TicketView> Accept(string ticketId);

    [Alias("Decline")]
    Task Decline(string ticketId);

    /// <summary>A message landed on one of the agent's tickets.</summary>
    [Alias("NotifyTicketMessage"), OneWay]
    Task NotifyTicketMessage(string ticketId, TranscriptEntry message);

    /// <summary>A third party wrote back in a side conversation of one of the agent's tickets.</summary>
    [Alias("NotifySideConversationMessage"), OneWay]
    Task NotifySideConversationMessage(string ticketId, string sideConversationId, SideConversationEntry message);

    /// <summary>A customer rated the agent's work 1–5 in a satisfaction survey: counted in today's figures.</summary>
    [Alias("RecordCsat"), OneWay]
    Task RecordCsat(int rating);

    /// <summary>
    /// A ticket left the agent (solved, closed, transferred): its capacity is free again. <paramref name="releasedAt"/>
    /// is the log position of the event that ended the assignment. This message is one-way, and so is the offer of the
    /// same ticket's next wait, so the offer can arrive first; the agent ignores a release from before the wait its
    /// current assignment came from.
    /// </summary>
    [Alias("NotifyTicketReleasedAt"), OneWay]
    Task NotifyTicketReleased(string ticketId, TicketStatus status, long releasedAt);
}
