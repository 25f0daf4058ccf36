using System.Text.Json;

namespace Switchboard.Tests.Deploy;

/// <summary>
/// The runtime settings the silo executable ships with (its runtimeconfig, built from the project and copied beside
/// these tests; the container images publish the same project): server garbage collection without DATAS, whose small
/// young generation put a 40-100 ms collection into every second or two of a busy node (tests/Benchmarks/RESULTS.md).
/// </summary>
public sealed class SiloRuntimeSettingsTests
{
    [Fact]
    public void The_silo_runs_server_gc_without_dynamic_adaptation()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Switchboard.Silo.runtimeconfig.json");
        using var config = JsonDocument.Parse(File.ReadAllText(path));
        var properties = config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");

        Assert.True(properties.GetProperty("System.GC.Server").GetBoolean());
        Assert.Equal(0, properties.GetProperty("System.GC.DynamicAdaptationMode").GetInt32());
    }
}
