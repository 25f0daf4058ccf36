namespace Switchboard.Contracts;

/// <summary>
/// Grain references for the per-message paths. Orleans' <c>GetGrain&lt;T&gt;(key)</c> reads the interface's
/// attributes by reflection on every call (a few percent of a process's CPU under ingest); here the grain type and
/// interface type are looked up once per interface, and each reference is made from them and the key.
/// </summary>
public static class GrainReferences
{
    public static T Reference<T>(this IGrainFactory grains, string key)
        where T : IGrainWithStringKey
    {
        var types = Types<T>.Resolved ?? Types<T>.Resolve(grains);
        return (T)grains.GetGrain(GrainId.Create(types.Grain, key), types.Interface);
    }

    private sealed record ResolvedTypes(GrainType Grain, GrainInterfaceType Interface);

    private static class Types<T>
        where T : IGrainWithStringKey
    {
        public static ResolvedTypes? Resolved { get; private set; }

        public static ResolvedTypes Resolve(IGrainFactory grains)
        {
            var sample = (GrainReference)(object)grains.GetGrain<T>("-");
            var types = new ResolvedTypes(sample.GrainId.Type, sample.InterfaceType);
            // A client that has not yet heard of an implementation gets a placeholder ("sys.grain.stub.") type that
            // Orleans resolves later: that one is not kept.
            if (!sample.GrainId.Type.ToString()!.StartsWith(GrainTypePrefix.SystemPrefix, StringComparison.Ordinal))
            {
                Resolved = types;
            }
            return types;
        }
    }
}
