using Microsoft.Extensions.DependencyInjection;
using Switchboard.Silo.Hosting;

namespace Switchboard.EndToEnd;

/// <summary>
/// The hosts as the executables build them (not started): grain calls carry trace context only when the process
/// records spans, since the propagation filters cost every grain call an invoker and a state machine each way.
/// </summary>
public sealed class TracingWiringTests
{
    [Theory]
    [InlineData("single", false)]
    [InlineData("single", true)]
    [InlineData("gateway", false)]
    [InlineData("gateway", true)]
    public async Task Grain_calls_carry_trace_context_only_when_spans_are_recorded(string mode, bool tracing)
    {
        string[] args = mode == "gateway"
            ? ["--mode", "gateway", "--Switchboard:Storage:Kind=postgres", "--Switchboard:Storage:ConnectionString=Host=127.0.0.1;Port=1;Database=none;Username=none"]
            : [$"--Switchboard:DatabasePath={Path.Combine(Path.GetTempPath(), "switchboard-tests", $"{Guid.NewGuid():N}.db")}"];
        await using var app = SwitchboardHost.Build([.. args, $"--Switchboard:Telemetry:Tracing={tracing}"]);

        var filters = app.Services.GetServices<IOutgoingGrainCallFilter>().Cast<object>()
            .Concat(mode == "gateway" ? [] : app.Services.GetServices<IIncomingGrainCallFilter>())
            .Select(filter => filter.GetType().Name)
            .Where(name => name.StartsWith("ActivityPropagation", StringComparison.Ordinal))
            .ToList();

        Assert.Equal(tracing ? (mode == "gateway" ? 1 : 2) : 0, filters.Count);
    }
}
