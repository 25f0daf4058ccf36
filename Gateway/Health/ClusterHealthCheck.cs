using Microsoft.Extensions.Diagnostics.HealthChecks;
using Switchboard.Contracts.Security;

namespace Switchboard.Gateway.Health;

/// <summary>Ready when a grain call round-trips through the cluster to storage (the demo tenant's record).</summary>
public sealed class ClusterHealthCheck(IGrainFactory grains) : IHealthCheck
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(5);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await grains.GetGrain<ITenantGrain>("demo").Exists().WaitAsync(Limit, cancellationToken);
            return HealthCheckResult.Healthy("The cluster answers and storage is reachable.");
        }
        catch (TimeoutException)
        {
            return HealthCheckResult.Unhealthy($"No answer from the cluster within {Limit.TotalSeconds} s.");
        }
        catch (OrleansException e)
        {
            return HealthCheckResult.Unhealthy("The cluster refused the call.", e);
        }
    }
}
