using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Switchboard.Silo.Hosting;

/// <summary>Healthy while this silo is an active member of its cluster; what a readiness probe should ask.</summary>
public sealed class SiloActiveHealthCheck(ISiloStatusOracle membership) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(membership.CurrentStatus == SiloStatus.Active
            ? HealthCheckResult.Healthy("silo is active")
            : HealthCheckResult.Unhealthy($"silo is {membership.CurrentStatus}"));
}
