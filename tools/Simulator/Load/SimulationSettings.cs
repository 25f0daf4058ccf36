namespace Switchboard.Simulator.Load;

/// <summary>What the simulated contact center looks like: traffic, staff and their habits.</summary>
public sealed record SimulationSettings
{
    /// <summary>The gateway to play against; loopback by default.</summary>
    public Uri Address { get; init; } = new("http://localhost:5000");

    public string Tenant { get; init; } = "demo";

    /// <summary>An admin key of the tenant (it creates the simulated agents); sent as x-api-key.</summary>
    public required string ApiKey { get; init; }

    /// <summary>New conversations per second, arriving as a Poisson process.</summary>
    public double ArrivalsPerSecond { get; init; } = 1;

    /// <summary>How long new conversations arrive; ignored when <see cref="Endless"/>.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Demo mode: arrivals go on until the run is cancelled (Ctrl+C).</summary>
    public bool Endless { get; init; }

    public int Agents { get; init; } = 10;

    /// <summary>Adapter streams the conversations are spread over.</summary>
    public int Adapters { get; init; } = 2;

    public ChannelMix Channels { get; init; } = ChannelMix.Parse("chat=60,email=30,sms=10");

    /// <summary>Mean number of messages a customer writes in one conversation (at least one).</summary>
    public double MessagesPerConversation { get; init; } = 3;

    /// <summary>Share of customers who give up when no agent has answered within their patience.</summary>
    public double AbandonProbability { get; init; } = 0.1;

    /// <summary>Mean patience of an impatient customer (exponentially distributed).</summary>
    public TimeSpan Patience { get; init; } = TimeSpan.FromSeconds(10);

    public HandleTime HandleTime { get; init; } = new(TimeSpan.FromSeconds(15), HandleTimeShape.Exponential);

    /// <summary>After-contact work between the last reply and solving the ticket.</summary>
    public TimeSpan WrapUp { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Mean time an agent takes to accept an offer (and to type a reply).</summary>
    public TimeSpan AcceptDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Mean time a customer takes to write the next message after a reply.</summary>
    public TimeSpan ThinkTime { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The "T" of the service level: answered within this long counts as on time.</summary>
    public TimeSpan ServiceLevelTarget { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Seeds every random choice; the same seed gives the same arrivals and handle times.</summary>
    public int? Seed { get; init; }

    /// <summary>How long the end of a run waits for acks and deliveries still on their way.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
