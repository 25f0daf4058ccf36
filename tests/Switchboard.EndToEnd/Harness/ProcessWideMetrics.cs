namespace Switchboard.EndToEnd.Harness;

/// <summary>
/// Meters are per process, shared by every node the tests start: tests that assert exact changes of a series
/// (a gauge, one method's error count) run alone, after the parallel ones, so no other test moves it meanwhile.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessWideMetrics
{
    public const string Name = "Process-wide metrics";
}
