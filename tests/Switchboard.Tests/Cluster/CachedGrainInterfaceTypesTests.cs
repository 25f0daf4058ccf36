using Microsoft.Extensions.DependencyInjection;
using Orleans.Metadata;
using Orleans.Serialization.TypeSystem;
using Switchboard.Contracts.Tickets;
using Switchboard.Gateway.Cluster;

namespace Switchboard.Tests.Cluster;

/// <summary>The cache of grain interface types answers first, and answers what Orleans would have on its own.</summary>
[Collection(SwitchboardClusterCollection.Name)]
public sealed class CachedGrainInterfaceTypesTests(SwitchboardClusterFixture fixture)
{
    [Fact]
    public void Every_grain_interface_resolves_as_orleans_alone_resolves_it_and_the_cache_is_asked_first()
    {
        var services = fixture.Cluster.Silos[0].ServiceProvider;
        var providers = services.GetServices<IGrainInterfaceTypeProvider>().ToList();
        Assert.IsType<CachedGrainInterfaceTypes>(providers[0]);
        var withCache = services.GetRequiredService<GrainInterfaceTypeResolver>();
        var orleansAlone = new GrainInterfaceTypeResolver(providers.Skip(1), services.GetRequiredService<TypeConverter>());

        var interfaces = typeof(ITicketGrain).Assembly.GetTypes()
            .Where(t => t.IsInterface && typeof(IAddressable).IsAssignableFrom(t) && !t.IsGenericTypeDefinition)
            .ToList();

        Assert.True(interfaces.Count > 10, $"only {interfaces.Count} grain interfaces found");
        foreach (var type in interfaces)
        {
            var expected = orleansAlone.GetGrainInterfaceType(type);
            Assert.Equal(expected, withCache.GetGrainInterfaceType(type));
            // Asked again, from the cache.
            Assert.Equal(expected, withCache.GetGrainInterfaceType(type));
        }
    }
}
