namespace Switchboard.EndToEnd.Harness;

/// <summary>
/// Tests whose timing bounds assume the machine is theirs (the failover test's "routing resumed within 18 s"):
/// they run after the parallel tests, one at a time, so the other tests' processes do not starve them on 2 cores.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RunsAlone
{
    public const string Name = "Runs alone";
}
