using System.Collections.Concurrent;
using Switchboard.Contracts;
using Switchboard.Contracts.Agents;
using Switchboard.Contracts.Customers;
using Switchboard.Contracts.Routing;
using Switchboard.Contracts.Tickets;

namespace Switchboard.Tests.Routing;

/// <summary>
/// One tenant's contact center drawn from a seed: three queues (two of them skilled), routing rules by brand,
/// agents with random capacities, skills, languages and queues, and a pool of customers. It also keeps what the
/// run created (tickets, their channel and conversation), so the invariants can be checked against all of it.
/// </summary>
public sealed class RandomContactCenter
{
    public const string AdapterId = "sim";

    private static readonly ChannelKind[] AllChannels = [ChannelKind.Chat, ChannelKind.Email, ChannelKind.Voice, ChannelKind.Sms, ChannelKind.Social];
    private static readonly string?[] Languages = [null, null, "en", "de"];
    private static readonly string?[] Brands = [null, "billing", "tech"];

    private readonly IClusterClient _client;
    private readonly ConcurrentDictionary<string, TicketFacts> _tickets = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ChannelKind> _channels = new(StringComparer.Ordinal);
    private readonly List<string> _customers = [];
    private int _conversations;

    private RandomContactCenter(IClusterClient client, string tenant, int seed)
    {
        _client = client;
        Tenant = tenant;
        Seed = seed;
    }

    public string Tenant { get; }

    public int Seed { get; }

    public IReadOnlyDictionary<string, QueueDefinition> Queues { get; private set; } = new Dictionary<string, QueueDefinition>();

    public IReadOnlyDictionary<string, AgentProfile> Agents { get; private set; } = new Dictionary<string, AgentProfile>();

    public IReadOnlyDictionary<string, TicketFacts> Tickets => _tickets;

    public int TicketCount => _tickets.Count;

    /// <summary>The channel of every ticket seen so far, including ones an agent got before their opening call returned.</summary>
    public IReadOnlyDictionary<string, ChannelKind> Channels => _channels;

    /// <summary>Creates the tenant's queues, rules, agents (most of them available) and customers.</summary>
    public static async Task<RandomContactCenter> Create(IClusterClient client, int seed, int agentCount, int customerCount)
    {
        var center = new RandomContactCenter(client, $"inv-{seed}-{Guid.NewGuid():N}"[..24], seed);
        var random = new Random(seed);
        var routing = client.GetGrain<ITenantRoutingGrain>(center.Tenant);
        var queues = new[]
        {
            QueueDefinition.Default(AgentProfile.DefaultQueueId),
            new QueueDefinition("billing", "Billing", new Dictionary<string, int> { ["billing"] = 2 }, []),
            new QueueDefinition("tech", "Tech", new Dictionary<string, int> { ["tech"] = 3 }, []),
        };
        foreach (var queue in queues.Skip(1))
        {
            await routing.UpsertQueue(queue);
        }
        await routing.SetRules([new RoutingRule("billing", null, null, "billing"), new RoutingRule("tech", null, null, "tech")]);
        center.Queues = queues.ToDictionary(q => q.QueueId, StringComparer.Ordinal);

        var profiles = Enumerable.Range(0, agentCount).Select(i => RandomProfile(random, $"agent-{i:D3}")).ToArray();
        center.Agents = profiles.ToDictionary(p => p.AgentId, StringComparer.Ordinal);
        var available = profiles.Where(_ => random.NextDouble() < 0.8).Select(p => p.AgentId).ToHashSet(StringComparer.Ordinal);
        await Parallel.ForEachAsync(profiles, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (profile, _) =>
        {
            var agent = center.Agent(profile.AgentId);
            await agent.UpsertProfile(profile);
            if (available.Contains(profile.AgentId))
            {
                await agent.SetPresence(Presence.Available);
            }
        });

        var customers = new string[customerCount];
        await Parallel.ForEachAsync(Enumerable.Range(0, customerCount), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
            customers[i] = await client.GetGrain<ICustomerDirectoryGrain>(GrainKey.For(center.Tenant, $"chat:visitor-{i}")).Resolve());
        center._customers.AddRange(customers);
        return center;
    }

    /// <summary>A new conversation: its first message opens a ticket on a random channel, language and brand.</summary>
    public async Task<string> OpenConversation(Random random)
    {
        var conversation = $"conv-{Interlocked.Increment(ref _conversations)}";
        var channel = AllChannels[random.Next(AllChannels.Length)];
        var customer = _customers[random.Next(_customers.Count)];
        var message = new CustomerMessage(AdapterId, channel, conversation, $"{conversation}-1", $"addr-{customer}", customer, "Hello, I need help", DateTimeOffset.UtcNow)
        {
            Language = Languages[random.Next(Languages.Length)],
            Brand = Brands[random.Next(Brands.Length)],
        };
        return await Deliver(message);
    }

    /// <summary>The customer writes again on the ticket's conversation: reopens a solved ticket, or follows up a closed one.</summary>
    public Task<string> WriteAgain(TicketFacts ticket, int messageNumber) =>
        Deliver(ticket.FirstMessage with { AdapterMessageId = $"{ticket.FirstMessage.ConversationId}-{messageNumber}", Body = "Me again" });

    /// <summary>Learns the channel of tickets the agent holds that were routed before their opening call returned.</summary>
    public async Task LearnChannels(AgentStatus agent)
    {
        foreach (var ticketId in agent.AssignedTicketIds.Where(id => !_channels.ContainsKey(id)))
        {
            _channels[ticketId] = (await Ticket(ticketId).Get()).Channel;
        }
    }

    public IAgentGrain Agent(string agentId) => _client.GetGrain<IAgentGrain>(GrainKey.For(Tenant, agentId));

    public ITicketGrain Ticket(string ticketId) => _client.GetGrain<ITicketGrain>(GrainKey.For(Tenant, ticketId));

    public IQueueGrain Queue(string queueId) => _client.GetGrain<IQueueGrain>(GrainKey.For(Tenant, queueId));

    private async Task<string> Deliver(CustomerMessage message)
    {
        var receipt = await _client.GetGrain<IConversationGrain>(GrainKey.For(Tenant, $"{AdapterId}:{message.ConversationId}")).Receive(message);
        _channels[receipt.TicketId] = message.Channel;
        _tickets.TryAdd(receipt.TicketId, new TicketFacts(receipt.TicketId, message.Channel, message));
        return receipt.TicketId;
    }

    private static AgentProfile RandomProfile(Random random, string agentId)
    {
        var capacities = new Dictionary<ChannelKind, int>
        {
            [ChannelKind.Chat] = random.Next(0, 4),
            [ChannelKind.Email] = random.Next(0, 6),
            [ChannelKind.Voice] = random.Next(0, 2),
            [ChannelKind.Sms] = random.Next(0, 3),
            [ChannelKind.Social] = random.Next(0, 3),
        };
        var skills = new Dictionary<string, int>();
        var queues = new List<string> { AgentProfile.DefaultQueueId };
        var kind = random.Next(10);
        if (kind >= 6)
        {
            // Some serve a skilled queue too, with a proficiency that may fall short of the queue's minimum.
            var queue = kind >= 8 ? "tech" : "billing";
            queues.Add(queue);
            skills[queue] = random.Next(1, 6);
        }
        if (kind == 9)
        {
            // A few serve only the two skilled queues.
            queues = ["billing", "tech"];
            skills["billing"] = random.Next(1, 6);
        }
        var languages = random.Next(6) switch
        {
            0 => new[] { "en" },
            1 => ["de", "en"],
            _ => [],
        };
        return new AgentProfile(agentId, agentId, capacities, AutoAccept: random.NextDouble() < 0.25, queues)
        {
            Skills = skills,
            Languages = languages,
            QueuePriorities = queues.ToDictionary(q => q, _ => random.Next(1, 3), StringComparer.Ordinal),
        };
    }
}

/// <summary>What the run knows about a ticket it created: its channel and the message that opened it.</summary>
public sealed record TicketFacts(string TicketId, ChannelKind Channel, CustomerMessage FirstMessage);
