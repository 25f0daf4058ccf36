using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Storage;
using Switchboard.Benchmarks.Reporting;
using Switchboard.Silo.Storage;
using Switchboard.Silo.Storage.Postgres;
using Switchboard.Silo.Storage.Sqlite;
using Switchboard.Silo.Tickets;
using Switchboard.Testing;

namespace Switchboard.Benchmarks.Measures;

/// <summary>
/// What reading a grain's state from PostgreSQL costs the silo's process: <see cref="PostgresGrainStorage"/> against
/// the Orleans ADO.NET provider it reads for, in one silo, alternated in rounds. Each read asks for a conversation
/// record that is not there, as nearly every new conversation's is. The figure is CPU time of this process (the
/// client side of each read) per read; PostgreSQL's side is the same statement either way.
/// </summary>
public static class GrainReadBenchmark
{
    private const int ReadsPerRound = 20_000;
    private const int Rounds = 5;
    private const int Concurrency = 32;

    public static async Task Run(Report report)
    {
        report.Section($"grainread: {Rounds} alternated rounds of {ReadsPerRound:N0} reads of absent records, {Concurrency} at a time");
        await using var postgres = await LocalPostgres.Start(Path.Combine(Path.GetTempPath(), "switchboard-benchmarks"));
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleans(silo => silo
            .UseLocalhostClustering(siloPort: LoopbackPort.Free(), gatewayPort: LoopbackPort.Free())
            .AddPostgresStorage(postgres.ConnectionString));
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            var guarded = (GuardedGrainStorage)host.Services.GetRequiredKeyedService<IGrainStorage>(SqliteStorageExtensions.StorageName);
            var ours = (PostgresGrainStorage)guarded.Provider;
            var (oursCpu, providerCpu) = (new List<double>(), new List<double>());
            await Reads(ours, "warm-ours");
            await Reads(ours.Provider, "warm-provider");
            for (var round = 1; round <= Rounds; round++)
            {
                var provider = await Reads(ours.Provider, $"provider-{round}");
                var own = await Reads(ours, $"ours-{round}");
                providerCpu.Add(provider.CpuMicroseconds);
                oursCpu.Add(own.CpuMicroseconds);
                report.Note($"round {round}: provider {provider.CpuMicroseconds:0.0} us CPU per read ({provider.PerSecond:N0}/s), PostgresGrainStorage {own.CpuMicroseconds:0.0} us ({own.PerSecond:N0}/s)");
            }
            var ratio = oursCpu.Average() / providerCpu.Average();
            report.Add(new Finding("grainread", $"{oursCpu.Average():0.0} us CPU per read, mean of {Rounds} (PostgresGrainStorage)",
                $"{providerCpu.Average():0.0} us (Orleans ADO.NET provider)", ratio, "< 1.0x the provider", ratio < 1.0));
        }
        finally
        {
            await host.StopAsync();
        }
    }

    /// <summary>Reads <see cref="ReadsPerRound"/> absent records through <paramref name="storage"/>.</summary>
    private static async Task<(double CpuMicroseconds, double PerSecond)> Reads(IGrainStorage storage, string round)
    {
        var next = -1;
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < ReadsPerRound)
            {
                var record = new GrainState<ConversationState>(new ConversationState());
                await storage.ReadStateAsync("conversation", GrainId.Create("conversation", $"bench/{round}:conversation-{i}"), record);
                if (record.RecordExists)
                {
                    throw new InvalidOperationException($"Conversation {i} of {round} was not expected to be stored.");
                }
            }
        }));
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        return (cpu.TotalMicroseconds / ReadsPerRound, ReadsPerRound / clock.Elapsed.TotalSeconds);
    }
}
