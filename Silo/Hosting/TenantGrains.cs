using Switchboard.Contracts;

namespace Switchboard.Silo.Hosting;

/// <summary>
/// References to a tenant's grains of one kind, by id, each resolved once. <c>GetGrain</c> reads the grain interface's
/// attributes by reflection on every call, a cost that showed on the routing path (3 % of CPU) where the same few
/// references are used on every event.
/// </summary>
public sealed class TenantGrains<TGrain>(IGrainFactory factory, string tenant) where TGrain : IGrainWithStringKey
{
    private readonly Dictionary<string, TGrain> _byId = new(StringComparer.Ordinal);

    public TGrain this[string id]
    {
        get
        {
            if (!_byId.TryGetValue(id, out var grain))
            {
                _byId[id] = grain = factory.GetGrain<TGrain>(GrainKey.For(tenant, id));
            }
            return grain;
        }
    }
}
