using System.Collections.Concurrent;
using System.Diagnostics;
using Switchboard.Contracts;
using Switchboard.Contracts.Agents;
using Switchboard.Contracts.Gateway;

namespace Switchboard.Tests.Routing;

/// <summary>
/// Many tasks acting on one contact center at once, each choosing from its own seeded Random: customers write
/// in and write again, agents accept, decline, solve, transfer, change presence and drop or reopen their desks.
/// Meanwhile a sampler reads agents and records every capacity breach it sees. A refusal by the domain (an
/// offer that expired, a ticket that moved on) is part of the game; any other exception is a failure.
/// </summary>
public sealed class RandomSchedule(RandomContactCenter center, DeskHub desks, IGatewayHub hub)
{
    private readonly ConcurrentDictionary<string, string> _desks = new(StringComparer.Ordinal);
    private readonly List<string> _solved = [];
    private readonly string[] _agentIds = center.Agents.Keys.Order(StringComparer.Ordinal).ToArray();
    private readonly string[] _queueIds = center.Queues.Keys.Order(StringComparer.Ordinal).ToArray();
    private int _arrivals;
    private int _operations;
    private int _refusals;
    private int _samples;

    public int Workers { get; init; } = 16;

    public int TicketTarget { get; init; } = 2000;

    public int OperationTarget { get; init; } = 8000;

    public TimeSpan TimeLimit { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Capacity and exclusive-channel breaches seen while the schedule ran.</summary>
    public ConcurrentQueue<string> Breaches { get; } = new();

    public ConcurrentQueue<Exception> Failures { get; } = new();

    public string Summary => $"{_arrivals} conversations, {center.TicketCount} tickets, {_operations} operations ({_refusals} refused), {_samples} agent samples";

    public async Task Run()
    {
        var clock = Stopwatch.StartNew();
        // Most agents start at a desk; the schedule drops and reopens desks as it goes.
        var seating = new Random(center.Seed);
        foreach (var agentId in _agentIds.Where(_ => seating.NextDouble() < 0.8))
        {
            await ToggleDesk(center.Agent(agentId), agentId);
        }
        var workers = Enumerable.Range(0, Workers).Select(w => Task.Run(() => Work(new Random(center.Seed * 1000 + w), clock))).ToArray();
        var running = Task.WhenAll(workers);
        await Task.WhenAll(running, Task.Run(() => Sample(new Random(center.Seed), running)));
    }

    private async Task Work(Random random, Stopwatch clock)
    {
        while (clock.Elapsed < TimeLimit && (Volatile.Read(ref _arrivals) < TicketTarget || Volatile.Read(ref _operations) < OperationTarget))
        {
            Interlocked.Increment(ref _operations);
            try
            {
                await Act(random);
            }
            catch (SwitchboardException)
            {
                Interlocked.Increment(ref _refusals);
            }
            catch (Exception e)
            {
                Failures.Enqueue(e);
            }
        }
    }

    private async Task Act(Random random)
    {
        var roll = random.Next(100);
        if (roll < 22 && Interlocked.Increment(ref _arrivals) <= TicketTarget)
        {
            await center.OpenConversation(random);
            return;
        }
        if (roll < 47)
        {
            // Answer an offer a desk was shown, as its agent would: usually accept, sometimes decline, often late.
            if (TakeManualOffer() is var (offeredTo, ticketId))
            {
                await (roll < 40 ? center.Agent(offeredTo).Accept(ticketId) : center.Agent(offeredTo).Decline(ticketId));
            }
            return;
        }
        if (roll < 75)
        {
            // Finish work a desk was given: mostly solve it, sometimes hand it on.
            if (desks.TryTakeAssignment(out var work))
            {
                await (roll < 68 ? Solve(work.AgentId, work.TicketId) : Transfer(random, work.AgentId, work.TicketId));
            }
            return;
        }
        var agentId = _agentIds[random.Next(_agentIds.Length)];
        var agent = center.Agent(agentId);
        switch (roll)
        {
            case < 85:
                var presence = random.NextDouble() switch { < 0.6 => Presence.Available, < 0.85 => Presence.Away, _ => Presence.Offline };
                await agent.SetPresence(presence);
                break;
            case < 92:
                await ToggleDesk(agent, agentId);
                break;
            case < 96 when PickSolved(random) is { } closing:
                await center.Ticket(closing).Close();
                break;
            case >= 96 when PickSolved(random) is { } again && center.Tickets.TryGetValue(again, out var facts):
                await center.WriteAgain(facts, random.Next(2, 1_000_000));
                break;
            default:
                break;
        }
    }

    private async Task Solve(string agentId, string ticketId)
    {
        await center.Ticket(ticketId).Solve(agentId);
        lock (_solved)
        {
            _solved.Add(ticketId);
        }
    }

    private (string AgentId, string TicketId)? TakeManualOffer()
    {
        for (var i = 0; i < 8 && desks.TryTakeOffer(out var offer); i++)
        {
            if (!center.Agents[offer.AgentId].AutoAccept)
            {
                return offer;
            }
        }
        return null;
    }

    /// <summary>To another queue, or now and then to a named agent in one of that agent's queues.</summary>
    private Task Transfer(Random random, string agentId, string ticketId)
    {
        if (random.NextDouble() < 0.7)
        {
            return center.Ticket(ticketId).Transfer(agentId, _queueIds[random.Next(_queueIds.Length)], null);
        }
        var target = center.Agents[_agentIds[random.Next(_agentIds.Length)]];
        return center.Ticket(ticketId).Transfer(agentId, target.QueueIds[random.Next(target.QueueIds.Count)], target.AgentId);
    }

    private async Task ToggleDesk(IAgentGrain agent, string agentId)
    {
        if (_desks.TryRemove(agentId, out var connection))
        {
            await agent.DetachDesk(connection);
            return;
        }
        connection = Guid.NewGuid().ToString("N");
        _desks[agentId] = connection;
        desks.Open(connection, agentId);
        await agent.AttachDesk(hub, connection);
    }

    private string? PickSolved(Random random)
    {
        lock (_solved)
        {
            return _solved.Count == 0 ? null : _solved[random.Next(_solved.Count)];
        }
    }

    /// <summary>Reads twenty agents at a time while the workers run; each reading is compared with that agent's last.</summary>
    private async Task Sample(Random random, Task running)
    {
        var last = new Dictionary<string, AgentStatus>(StringComparer.Ordinal);
        while (!running.IsCompleted)
        {
            var batch = _agentIds.OrderBy(_ => random.Next()).Take(20).ToArray();
            var statuses = await Task.WhenAll(batch.Select(id => center.Agent(id).GetStatus()));
            foreach (var status in statuses)
            {
                await center.LearnChannels(status);
                foreach (var breach in RoutingSnapshot.CapacityBreaches(status, center.Channels))
                {
                    Breaches.Enqueue(breach);
                }
                if (last.TryGetValue(status.Profile.AgentId, out var before))
                {
                    foreach (var breach in RoutingSnapshot.ExclusiveBreaches(before, status, center.Channels))
                    {
                        Breaches.Enqueue(breach);
                    }
                }
                last[status.Profile.AgentId] = status;
                Interlocked.Increment(ref _samples);
            }
        }
    }
}
