namespace Switchboard.Simulator.Load;

public enum HandleTimeShape
{
    Exponential,
    LogNormal,
}

/// <summary>How long an agent works a ticket from accepting it to the start of wrap-up.</summary>
public sealed record HandleTime(TimeSpan Mean, HandleTimeShape Shape)
{
    /// <summary>Spread of the log-normal shape (sigma of the underlying normal); 0.8 is typical of chat handle times.</summary>
    public const double LogNormalSigma = 0.8;

    public TimeSpan Sample(SimulationRandom random) => Shape switch
    {
        HandleTimeShape.Exponential => random.Exponential(Mean),
        HandleTimeShape.LogNormal => random.LogNormal(Mean, LogNormalSigma),
        _ => throw new InvalidOperationException($"Unknown handle time shape {Shape}."),
    };
}
