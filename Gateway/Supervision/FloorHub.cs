using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Switchboard.Contracts.Supervision;
using Switchboard.Gateway.Hub;

namespace Switchboard.Gateway.Supervision;

/// <summary>
/// This process's one floor observer. The first viewer of a tenant subscribes the process to that tenant's
/// supervision grain; every later viewer is served from the local copy, and each update the grain publishes
/// is posted to all local viewers. The last viewer to leave unsubscribes. Never one Orleans observer per viewer.
/// </summary>
public sealed class FloorHub(IGrainFactory grains, TimeProvider clock, ILogger<FloorHub> logger) : IFloorObserver, IDisposable
{
    /// <summary>Updates a slow viewer may have waiting before it is cut off (it reconnects for a fresh snapshot).</summary>
    public const int ViewerBufferLimit = 256;

    /// <summary>How often the subscription is renewed (the grain drops it after 90 s without).</summary>
    public static readonly TimeSpan RenewInterval = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, TenantFloor> _tenants = new(StringComparer.Ordinal);
    private IFloorObserver? _self;

    /// <summary>The reference grains hold to reach this process (Orleans holds the hub weakly; DI keeps it alive).</summary>
    private IFloorObserver Reference => _self ??= grains.CreateObjectReference<IFloorObserver>(this);

    /// <summary>Tenants this process is subscribed to, for tests and diagnostics.</summary>
    public int SubscribedTenants => _tenants.Values.Count(t => t.Subscription is not null);

    /// <summary>Starts watching a tenant's floor: the mailbox's first update is the whole floor, then deltas.</summary>
    public async Task<FloorViewer> Watch(string tenant, CancellationToken cancellationToken)
    {
        var floor = _tenants.GetOrAdd(tenant, _ => new TenantFloor(ViewerBufferLimit));
        await floor.Membership.WaitAsync(cancellationToken);
        try
        {
            if (floor.Subscription is null)
            {
                floor.Install(await Supervision(tenant).Subscribe(Reference), tellViewers: false);
                floor.Subscription = new CancellationTokenSource();
                _ = Renew(tenant, floor, floor.Subscription.Token);
            }
            return new FloorViewer(this, tenant, floor.AddViewer());
        }
        finally
        {
            floor.Membership.Release();
        }
    }

    internal async Task Leave(string tenant, StreamMailbox<FloorUpdate> mailbox)
    {
        if (!_tenants.TryGetValue(tenant, out var floor))
        {
            return;
        }
        await floor.Membership.WaitAsync();
        try
        {
            floor.RemoveViewer(mailbox);
            if (floor.ViewerCount == 0 && floor.Subscription is { } subscription)
            {
                await subscription.CancelAsync();
                subscription.Dispose();
                floor.Subscription = null;
                floor.Forget();
                await Supervision(tenant).Unsubscribe(Reference);
            }
        }
        finally
        {
            floor.Membership.Release();
        }
    }

    Task IFloorObserver.FloorChanged(string tenant, FloorUpdate update)
    {
        if (_tenants.TryGetValue(tenant, out var floor) && !floor.Apply(update))
        {
            logger.LogInformation("Floor of {Tenant} skipped from {Known} to {Version}; fetching it whole", tenant, floor.Version, update.Version);
            _ = Resync(tenant, floor);
        }
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        foreach (var floor in _tenants.Values)
        {
            floor.Subscription?.Cancel();
        }
    }

    private async Task Resync(string tenant, TenantFloor floor)
    {
        try
        {
            floor.Install(await Supervision(tenant).GetFloor(), tellViewers: true);
        }
        catch (OrleansException e)
        {
            logger.LogWarning(e, "Could not fetch the floor of {Tenant}; the next renewal will", tenant);
        }
    }

    /// <summary>Renews the subscription; a renewal that shows missed versions heals the local picture.</summary>
    private async Task Renew(string tenant, TenantFloor floor, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(RenewInterval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                try
                {
                    var snapshot = await Supervision(tenant).Subscribe(Reference);
                    if (snapshot.Version > floor.Version)
                    {
                        floor.Install(snapshot, tellViewers: true);
                    }
                }
                catch (Exception e) when (e is OrleansException or TimeoutException)
                {
                    logger.LogWarning(e, "Could not renew the floor subscription of {Tenant}; retrying", tenant);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The last viewer left.
        }
    }

    private ISupervisionGrain Supervision(string tenant) => grains.GetGrain<ISupervisionGrain>(tenant);
}
