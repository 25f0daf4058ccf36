namespace Switchboard.Contracts.Supervision;

/// <summary>
/// One per gateway process (not per viewer): the supervision grain of each tenant the process watches pushes
/// floor updates here, and the process fans them out to its own viewers.
/// </summary>
[Alias("switchboard.IFloorObserver")]
public interface IFloorObserver : IGrainObserver
{
    [Alias("FloorChanged"), OneWay]
    Task FloorChanged(string tenant, FloorUpdate update);
}
