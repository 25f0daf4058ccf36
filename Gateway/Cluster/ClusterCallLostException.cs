namespace Switchboard.Gateway.Cluster;

/// <summary>
/// A grain call from this gateway that a dead silo took with it: the silo was declared dead while the call waited.
/// It may or may not have been carried out. An <see cref="OrleansException"/>, so code that already rides out the
/// cluster's failures (stream watches, the floor feed, health checks) rides out this one too. Thrown in the gateway
/// only, never serialized.
/// </summary>
public sealed class ClusterCallLostException(string interfaceName, string methodName)
    : OrleansException($"The silo serving {interfaceName}.{methodName} was declared dead while the call was in flight")
{
    public string InterfaceName { get; } = interfaceName;

    public string MethodName { get; } = methodName;
}
