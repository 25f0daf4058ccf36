namespace Switchboard.Benchmarks.Measures;

/// <summary>The least an activation can cost: no state, one method. The memory benchmark's baseline.</summary>
[Alias("benchmarks.IBaselineGrain")]
public interface IBaselineGrain : IGrainWithStringKey
{
    [Alias("Touch")]
    Task Touch();
}

public sealed class BaselineGrain : Grain, IBaselineGrain
{
    Task IBaselineGrain.Touch() => Task.CompletedTask;
}
