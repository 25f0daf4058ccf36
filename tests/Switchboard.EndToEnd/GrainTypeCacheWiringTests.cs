using Microsoft.Extensions.DependencyInjection;
using Switchboard.Gateway.Agents;
using Switchboard.Gateway.Cluster;
using Switchboard.Silo.Hosting;

namespace Switchboard.EndToEnd;

/// <summary>The hosts as the executables build them (not started): what they wire in beside Orleans' own services.</summary>
public sealed class GrainTypeCacheWiringTests
{
    [Theory]
    [InlineData("single")]
    [InlineData("gateway")]
    public async Task Grain_interface_types_are_asked_of_the_cache_before_orleans_own_providers(string mode)
    {
        string[] args = mode == "gateway"
            ? ["--mode", "gateway", "--Switchboard:Storage:Kind=postgres", "--Switchboard:Storage:ConnectionString=Host=127.0.0.1;Port=1;Database=none;Username=none"]
            : [$"--Switchboard:DatabasePath={Path.Combine(Path.GetTempPath(), "switchboard-tests", $"{Guid.NewGuid():N}.db")}"];
        await using var app = SwitchboardHost.Build(args);

        var providers = app.Services.GetServices<IGrainInterfaceTypeProvider>().ToList();

        Assert.IsType<CachedGrainInterfaceTypes>(providers[0]);
        Assert.True(providers.Count > 1, "Orleans' own providers are still there for the cache to ask");
        // A single node's desk pushes never leave the process: its desks are checked less often than a gateway's.
        Assert.Equal(mode == "gateway" ? DeskAttachmentChecks.Gateway : DeskAttachmentChecks.SingleNode, app.Services.GetRequiredService<DeskAttachmentChecks>());
    }
}
