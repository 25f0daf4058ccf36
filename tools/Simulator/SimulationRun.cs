using Switchboard.Simulator.Customers;
using Switchboard.Simulator.Figures;
using Switchboard.Simulator.Load;

namespace Switchboard.Simulator;

/// <summary>What every customer and agent of one run shares: settings, randomness, the gateway, the figures.</summary>
public sealed class SimulationRun
{
    public SimulationRun(SimulationSettings settings, SwitchboardConnection connection)
    {
        Settings = settings;
        Connection = connection;
        Arrivals = new SimulationRandom(settings.Seed);
        Random = new SimulationRandom(settings.Seed + 1);
        OfferDelivery = new ArrivalMatcher(Figures.OfferDelivery);
        OutboundDelivery = new ArrivalMatcher(Figures.OutboundDelivery);
    }

    public SimulationSettings Settings { get; }

    public SwitchboardConnection Connection { get; }

    /// <summary>Draws only the arrival loop makes (gaps, channels, each customer's own seed), so a seed repeats them exactly.</summary>
    public SimulationRandom Arrivals { get; }

    /// <summary>Draws made by agents as events interleave (delays, handle times).</summary>
    public SimulationRandom Random { get; }

    public SimulationFigures Figures { get; } = new();

    public ConversationBook Book { get; } = new();

    /// <summary>Unique per run, so conversation ids and customer addresses never collide with an earlier run's.</summary>
    public string Tag { get; } = Guid.NewGuid().ToString("N")[..8];

    /// <summary>The customer message that (re)opened a ticket, paired with the offer that reaches a desk.</summary>
    public ArrivalMatcher OfferDelivery { get; }

    /// <summary>A reply call, paired with the outbound message that reaches the adapter stream.</summary>
    public ArrivalMatcher OutboundDelivery { get; }
}
