using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Orleans.Providers;
using Orleans.Runtime.Hosting;
using Orleans.Storage;
using Switchboard.Silo.Storage.Sqlite;

namespace Switchboard.Silo.Storage;

/// <summary>Serves grain state through <see cref="GuardedGrainStorage"/>, whichever database stores it.</summary>
public static class GuardedGrainStorageExtensions
{
    /// <summary>
    /// Grains' state (the default provider and <see cref="SqliteStorageExtensions.StorageName"/>, one instance behind
    /// both: the key already separates grains and state names) from <paramref name="provider"/>, guarded.
    /// </summary>
    public static IServiceCollection AddGuardedGrainStorage(this IServiceCollection services, Func<IServiceProvider, IGrainStorage> provider)
    {
        services.TryAddSingleton(sp => new GuardedGrainStorage(
            provider(sp), sp.GetRequiredService<IGrainContextAccessor>(), sp.GetRequiredService<ILogger<GuardedGrainStorage>>()));
        services.AddGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, static (sp, _) => sp.GetRequiredService<GuardedGrainStorage>());
        services.AddGrainStorage(SqliteStorageExtensions.StorageName, static (sp, _) => sp.GetRequiredService<GuardedGrainStorage>());
        return services;
    }
}
