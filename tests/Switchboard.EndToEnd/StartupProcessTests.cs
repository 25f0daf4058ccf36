using System.Text.Json;
using Npgsql;
using Switchboard.EndToEnd.Harness;
using Switchboard.Gateway.Hosting;
using Switchboard.Testing;

namespace Switchboard.EndToEnd;

/// <summary>The built executable, started as an operator would: bad settings end it with a sentence and a non-zero exit.</summary>
public sealed class StartupProcessTests
{
    private static readonly TimeSpan StartupLimit = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Unreachable_postgres_stops_startup_naming_host_port_and_fix()
    {
        var port = SwitchboardNode.FreePort();
        await using var process = SwitchboardProcess.Start(
        [
            .. FreePorts(),
            "--Switchboard:Storage:Kind=postgres",
            $"--Switchboard:Storage:ConnectionString=Host=127.0.0.1;Port={port};Username=postgres;Database=switchboard",
        ]);

        var exitCode = await process.Exited(StartupLimit);

        Assert.Equal(StartupGuard.BadSettingsExitCode, exitCode);
        Assert.Contains($"Cannot reach PostgreSQL at 127.0.0.1:{port} (Switchboard:Storage:ConnectionString)", process.Stderr, StringComparison.Ordinal);
        Assert.Contains("Start the server, or fix Host and Port", process.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", process.Stderr, StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task Missing_postgres_database_stops_startup_naming_the_database_and_the_schema_script()
    {
        var server = new NpgsqlConnectionStringBuilder(TestPostgres.Require()) { Database = "switchboard_nonexistent" };
        await using var process = SwitchboardProcess.Start(
        [
            .. FreePorts(),
            "--Switchboard:Storage:Kind=postgres",
            $"--Switchboard:Storage:ConnectionString={server.ConnectionString}",
        ]);

        var exitCode = await process.Exited(StartupLimit);

        Assert.Equal(StartupGuard.BadSettingsExitCode, exitCode);
        Assert.Contains($"PostgreSQL at {server.Host}:{server.Port} has no database 'switchboard_nonexistent'", process.Stderr, StringComparison.Ordinal);
        Assert.Contains("deploy/apply-schema.sh", process.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--Switchboard:Storage:Kind=mysql", "Switchboard:Storage:Kind is 'mysql'; set it to 'sqlite' (single host) or 'postgres' (cluster)")]
    [InlineData("--Switchboard:GrpcPort=-1", "GrpcPort must be between 0 and 65535")]
    [InlineData("--Switchboard:SiloPort=70000", "SiloPort must be between 1 and 65535")]
    [InlineData("--Switchboard:WebPort=-5", "Switchboard:WebPort: The field WebPort must be between 0 and 65535")]
    [InlineData("--Switchboard:GrpcPort=five", "Switchboard:GrpcPort")]
    [InlineData("--Switchboard:Logging:Format=xml", "Switchboard:Logging:Format is 'xml'")]
    [InlineData("--Switchboard:Mode=proxy", "Switchboard:Mode (--mode) is 'proxy'")]
    [InlineData("--Switchboard:Telemetry:Tracing=maybe", "Switchboard:Telemetry:Tracing must be true or false, not 'maybe'")]
    public async Task Bad_value_stops_the_process_naming_the_setting(string setting, string message)
    {
        await using var process = SwitchboardProcess.Start([.. FreePorts(), setting]);

        var exitCode = await process.Exited(StartupLimit);

        Assert.Equal(StartupGuard.BadSettingsExitCode, exitCode);
        Assert.Contains($"Switchboard cannot start: ", process.Stderr, StringComparison.Ordinal);
        Assert.Contains(message, process.Stderr, StringComparison.Ordinal);
        Assert.Contains("docs/configuration.md", process.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_log_format_writes_one_compact_json_event_per_stdout_line()
    {
        await using var process = SwitchboardProcess.Start([.. FreePorts(), "--Switchboard:Logging:Format=json"]);

        await Eventually.Until(() => Task.FromResult(process.Stdout.Contains("Application started", StringComparison.Ordinal)),
            StartupLimit, "the host logs that it started");

        var lines = process.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.NotEmpty(lines);
        Assert.All(lines, line =>
        {
            using var json = JsonDocument.Parse(line);
            Assert.True(json.RootElement.TryGetProperty("@t", out _), line);
            Assert.True(json.RootElement.TryGetProperty("@mt", out _), line);
        });
        // The demo tenant's first admin key is not a log event: it goes to stderr, keeping stdout pure JSON.
        Assert.Contains("Demo tenant admin key", process.Stderr, StringComparison.Ordinal);
    }

    /// <summary>Free ports and a fresh database file, so the process never collides with another test or a running Switchboard.</summary>
    private static string[] FreePorts() =>
    [
        "--Switchboard:GrpcPort=0",
        $"--Switchboard:WebPort={SwitchboardNode.FreePort()}",
        $"--Switchboard:SiloPort={SwitchboardNode.FreePort()}",
        $"--Switchboard:OrleansGatewayPort={SwitchboardNode.FreePort()}",
        $"--Switchboard:DatabasePath={SwitchboardNode.NewDatabasePath()}",
    ];
}
