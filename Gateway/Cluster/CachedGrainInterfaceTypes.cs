using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Metadata;

namespace Switchboard.Gateway.Cluster;

/// <summary>
/// Remembers which grain interface type each grain interface is. Orleans works it out on every <c>GetGrain</c> by
/// reading the interface's attributes through reflection, which was a few per cent of the CPU of opening a ticket
/// (each one resolves half a dozen grains). Placed before Orleans' own providers, it asks them (and the naming
/// convention Orleans falls back to) once per interface. Generic interfaces are left to Orleans.
/// </summary>
public sealed class CachedGrainInterfaceTypes(IServiceProvider services) : IGrainInterfaceTypeProvider
{
    private readonly ConcurrentDictionary<Type, GrainInterfaceType> _known = new();
    private IGrainInterfaceTypeProvider[]? _others;

    public bool TryGetGrainInterfaceType(Type type, out GrainInterfaceType grainInterfaceType)
    {
        if (type.IsGenericType)
        {
            grainInterfaceType = default;
            return false;
        }
        if (!_known.TryGetValue(type, out grainInterfaceType))
        {
            _known[type] = grainInterfaceType = Resolve(type);
        }
        return true;
    }

    private GrainInterfaceType Resolve(Type type)
    {
        // Resolved on first use: the resolver that asks this provider is being built when it is constructed.
        _others ??= [.. services.GetServices<IGrainInterfaceTypeProvider>().Where(provider => !ReferenceEquals(provider, this))];
        foreach (var provider in _others)
        {
            if (provider.TryGetGrainInterfaceType(type, out var found))
            {
                return found;
            }
        }
        return services.GetRequiredService<GrainInterfaceTypeResolver>().GetGrainInterfaceTypeByConvention(type);
    }
}

public static class CachedGrainInterfaceTypesExtensions
{
    /// <summary>Puts <see cref="CachedGrainInterfaceTypes"/> ahead of the providers Orleans registered; call after UseOrleans or UseOrleansClient set them up.</summary>
    public static IServiceCollection AddCachedGrainInterfaceTypes(this IServiceCollection services)
    {
        var cache = ServiceDescriptor.Singleton<IGrainInterfaceTypeProvider, CachedGrainInterfaceTypes>();
        var first = services.FirstOrDefault(d => d.ServiceType == typeof(IGrainInterfaceTypeProvider));
        if (first is null)
        {
            services.Add(cache);
        }
        else
        {
            services.Insert(services.IndexOf(first), cache);
        }
        return services;
    }
}
