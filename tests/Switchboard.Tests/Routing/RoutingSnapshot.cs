using Switchboard.Contracts.Agents;
using Switchboard.Contracts.Routing;
using Switchboard.Contracts.Tickets;
using Switchboard.Silo.Agents;

namespace Switchboard.Tests.Routing;

/// <summary>
/// Every agent, ticket and queue of one run, read at about the same time, and the routing invariants over
/// them. Each check returns what it found wrong, one sentence per breach, so a failure names the ticket or agent.
/// </summary>
public sealed class RoutingSnapshot
{
    private readonly RandomContactCenter _center;

    private RoutingSnapshot(RandomContactCenter center) => _center = center;

    public IReadOnlyDictionary<string, AgentStatus> Agents { get; private set; } = new Dictionary<string, AgentStatus>();

    public IReadOnlyDictionary<string, TicketView> Tickets { get; private set; } = new Dictionary<string, TicketView>();

    public IReadOnlyDictionary<string, QueueStatus> Queues { get; private set; } = new Dictionary<string, QueueStatus>();

    public static async Task<RoutingSnapshot> Take(RandomContactCenter center)
    {
        var agents = await Task.WhenAll(center.Agents.Keys.Select(id => center.Agent(id).GetStatus()));
        var tickets = await Task.WhenAll(center.Tickets.Keys.Select(id => center.Ticket(id).Get()));
        var queues = await Task.WhenAll(center.Queues.Keys.Select(id => center.Queue(id).GetStatus()));
        return new RoutingSnapshot(center)
        {
            Agents = agents.ToDictionary(a => a.Profile.AgentId, StringComparer.Ordinal),
            Tickets = tickets.ToDictionary(t => t.TicketId, StringComparer.Ordinal),
            Queues = queues.ToDictionary(q => q.QueueId, StringComparer.Ordinal),
        };
    }

    /// <summary>(b) Work held (assigned plus offered) per channel stays within the agent's capacity.</summary>
    public static IEnumerable<string> CapacityBreaches(AgentStatus agent, IReadOnlyDictionary<string, ChannelKind> channels)
    {
        var held = agent.AssignedTicketIds.Select(id => channels[id]).Concat(agent.Offers.Select(o => o.Channel));
        foreach (var channel in held.GroupBy(c => c))
        {
            if (channel.Count() > agent.Profile.CapacityFor(channel.Key))
            {
                yield return $"agent {agent.Profile.AgentId} holds {channel.Count()} {channel.Key} tickets, capacity {agent.Profile.CapacityFor(channel.Key)} "
                    + $"(assigned {string.Join(",", agent.AssignedTicketIds)}; offered {string.Join(",", agent.Offers.Select(o => o.TicketId))})";
            }
        }
        // Offers carry their expiry, so their order is known: none on another channel may follow one on an exclusive channel.
        foreach (var exclusive in agent.Offers.Where(o => agent.Profile.ExclusiveChannels.Contains(o.Channel)))
        {
            foreach (var later in agent.Offers.Where(o => !agent.Profile.ExclusiveChannels.Contains(o.Channel) && o.ExpiresAt > exclusive.ExpiresAt))
            {
                yield return $"agent {agent.Profile.AgentId} was offered {later.Channel} ticket {later.TicketId} while holding {exclusive.Channel} offer {exclusive.TicketId}";
            }
        }
    }

    /// <summary>
    /// (b) Between two readings of one agent: while it held the same offer on an exclusive channel (same ticket,
    /// same expiry, so never let go in between), it took on nothing new on another channel.
    /// </summary>
    public static IEnumerable<string> ExclusiveBreaches(AgentStatus before, AgentStatus after, IReadOnlyDictionary<string, ChannelKind> channels)
    {
        var exclusive = after.Profile.ExclusiveChannels;
        var kept = before.Offers.Where(o => exclusive.Contains(o.Channel) && after.Offers.Contains(o)).Select(o => o.TicketId).ToArray();
        if (kept.Length == 0)
        {
            return [];
        }
        var earlier = Held(before, channels);
        return Held(after, channels).Where(h => !exclusive.Contains(h.Value) && !earlier.ContainsKey(h.Key))
            .Select(h => $"agent {after.Profile.AgentId} took {h.Value} ticket {h.Key} while holding the offer of {string.Join(",", kept)}");
    }

    /// <summary>(a) A ticket an agent lists is assigned to that agent, open, and listed by no one else.</summary>
    public IEnumerable<string> AssignmentBreaches()
    {
        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (agentId, status) in Agents)
        {
            foreach (var ticketId in status.AssignedTicketIds)
            {
                if (owners.TryGetValue(ticketId, out var other))
                {
                    yield return $"ticket {ticketId} is listed by two agents, {other} and {agentId}";
                }
                owners[ticketId] = agentId;
                var ticket = Tickets[ticketId];
                if (ticket.AssigneeAgentId != agentId || ticket.Status is TicketStatus.Solved or TicketStatus.Closed)
                {
                    yield return $"agent {agentId} lists ticket {ticketId}, which is {ticket.Status} with assignee '{ticket.AssigneeAgentId}'";
                }
            }
        }
    }

    /// <summary>
    /// (c) Every ticket is solved or closed, or assigned to the one agent who lists it, or waiting in exactly its
    /// own queue; no queue lists a ticket that does not wait there, and every offer a queue has out is held by its agent.
    /// </summary>
    public IEnumerable<string> LostTickets()
    {
        var listed = Queues.Values
            .SelectMany(q => q.Waiting.Select(e => (Queue: q.QueueId, e.Ticket.TicketId, e.OfferedToAgentId)))
            .ToLookup(e => e.TicketId, StringComparer.Ordinal);
        var listers = Agents.Values.SelectMany(a => a.AssignedTicketIds.Select(t => (Ticket: t, Agent: a.Profile.AgentId)))
            .ToLookup(e => e.Ticket, e => e.Agent, StringComparer.Ordinal);
        foreach (var ticket in Tickets.Values)
        {
            var inQueues = listed[ticket.TicketId].ToArray();
            if (ticket.Status is TicketStatus.Solved or TicketStatus.Closed || ticket.AssigneeAgentId is not null)
            {
                if (inQueues.Length > 0)
                {
                    yield return $"ticket {ticket.TicketId} is {ticket.Status} (assignee '{ticket.AssigneeAgentId}') yet waits in queue {inQueues[0].Queue}";
                }
                if (ticket.AssigneeAgentId is { } assignee && ticket.Status is not (TicketStatus.Solved or TicketStatus.Closed)
                    && !listers[ticket.TicketId].Contains(assignee))
                {
                    yield return $"ticket {ticket.TicketId} is assigned to {assignee}, who does not list it";
                }
                continue;
            }
            if (inQueues.Length != 1 || inQueues[0].Queue != ticket.QueueId)
            {
                yield return $"ticket {ticket.TicketId} waits for queue {ticket.QueueId} but is listed by [{string.Join(",", inQueues.Select(e => e.Queue))}]";
                continue;
            }
            if (inQueues[0].OfferedToAgentId is { } offeredTo && !Agents[offeredTo].Offers.Any(o => o.TicketId == ticket.TicketId))
            {
                yield return $"ticket {ticket.TicketId} is on offer to {offeredTo} in queue {ticket.QueueId}, but that agent holds no such offer";
            }
        }
    }

    /// <summary>(d) Work conservation: no ticket waits unoffered while an available agent could take it now.</summary>
    public IEnumerable<string> IdleCapacityBreaches()
    {
        foreach (var queue in Queues.Values)
        {
            var definition = _center.Queues[queue.QueueId];
            foreach (var entry in queue.Waiting.Where(e => e.OfferedToAgentId is null))
            {
                var idle = Agents.Values.FirstOrDefault(a => CouldTake(a, definition, entry.Ticket));
                if (idle is not null)
                {
                    yield return $"ticket {entry.Ticket.TicketId} ({entry.Ticket.Channel}, '{entry.Ticket.Language}') waits in {queue.QueueId} "
                        + $"while {idle.Profile.AgentId} could take it";
                }
            }
        }
    }

    private bool CouldTake(AgentStatus agent, QueueDefinition queue, QueuedTicket ticket)
    {
        var profile = agent.Profile;
        if (agent.Presence != Presence.Available || !profile.QueueIds.Contains(queue.QueueId)
            || (ticket.TargetAgentId is { } target && target != profile.AgentId))
        {
            return false;
        }
        if (ticket.Language is { } language && profile.Languages.Count > 0 && !profile.Languages.Contains(language))
        {
            return false;
        }
        if (queue.RequiredSkills.Any(s => profile.Skills.GetValueOrDefault(s.Key) < s.Value))
        {
            return false;
        }
        var assigned = agent.AssignedTicketIds.ToDictionary(id => id, id => _center.Channels[id], StringComparer.Ordinal);
        return AgentWorkload.Free(profile, assigned, agent.Offers.Select(o => o.Channel)).GetValueOrDefault(ticket.Channel) > 0;
    }

    private static Dictionary<string, ChannelKind> Held(AgentStatus agent, IReadOnlyDictionary<string, ChannelKind> channels) =>
        agent.AssignedTicketIds.Select(id => (id, Channel: channels[id]))
            .Concat(agent.Offers.Select(o => (id: o.TicketId, Channel: o.Channel)))
            .DistinctBy(h => h.id)
            .ToDictionary(h => h.id, h => h.Channel, StringComparer.Ordinal);
}
