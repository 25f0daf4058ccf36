namespace Switchboard.Simulator.Load;

/// <summary>
/// Every random choice of a run, from one seeded source. Customers and agents draw from many tasks at
/// once, so draws are serialised; with a seed, arrival gaps and handle times repeat from run to run.
/// </summary>
public sealed class SimulationRandom(int? seed)
{
    private readonly Random _random = seed is { } s ? new Random(s) : new Random();
    private readonly Lock _gate = new();

    public double Uniform()
    {
        lock (_gate)
        {
            return _random.NextDouble();
        }
    }

    public bool Chance(double probability) => Uniform() < probability;

    /// <summary>Exponentially distributed with the given mean: gaps between Poisson arrivals, patience.</summary>
    public TimeSpan Exponential(TimeSpan mean) => mean * -Math.Log(1 - Uniform());

    /// <summary>Log-normal with the given mean and shape: a long right tail, as real handle times have.</summary>
    public TimeSpan LogNormal(TimeSpan mean, double sigma)
    {
        // Box-Muller for one standard normal; mu chosen so that the mean is the requested one.
        var normal = Math.Sqrt(-2 * Math.Log(1 - Uniform())) * Math.Cos(2 * Math.PI * Uniform());
        var mu = Math.Log(mean.TotalSeconds) - (sigma * sigma / 2);
        return TimeSpan.FromSeconds(Math.Exp(mu + (sigma * normal)));
    }

    /// <summary>Uniform between half and one and a half times the mean: a human's small delays.</summary>
    public TimeSpan Around(TimeSpan mean) => mean * (0.5 + Uniform());

    /// <summary>Poisson-distributed count with the given mean (Knuth; means here are small).</summary>
    public int Poisson(double mean)
    {
        var limit = Math.Exp(-mean);
        var count = 0;
        var product = Uniform();
        while (product > limit && count < 1000)
        {
            count++;
            product *= Uniform();
        }
        return count;
    }
}
