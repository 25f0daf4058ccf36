namespace Switchboard.Gateway.Cluster;

/// <summary>
/// Every grain call this gateway makes into Switchboard's grains waits for its answer or for <see cref="LostCallWatch"/>
/// to declare it lost, whichever comes first. A lost call is left to Orleans (it ends at the response timeout, unseen)
/// and the caller gets <see cref="ClusterCallLostException"/> at once.
/// </summary>
public sealed class LostCallFilter(LostCallWatch watch) : IOutgoingGrainCallFilter
{
    private const string OwnInterfaces = "Switchboard.";

    public async Task Invoke(IOutgoingGrainCallContext context)
    {
        if (!context.InterfaceName.StartsWith(OwnInterfaces, StringComparison.Ordinal))
        {
            // Orleans' own calls (cluster manifest, management) have their own failure handling.
            await context.Invoke();
            return;
        }
        using var call = watch.Track();
        var invocation = context.Invoke();
        if (await Task.WhenAny(invocation, call.Lost) != invocation)
        {
            // Observe the abandoned call's eventual timeout, so it is not reported as an unobserved exception.
            _ = invocation.ContinueWith(static done => done.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            throw new ClusterCallLostException(context.InterfaceName, context.MethodName);
        }
        await invocation;
    }
}
