using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Orleans.Diagnostics;
using Switchboard.Contracts.Telemetry;

namespace Switchboard.Gateway.Hosting;

/// <summary>
/// OpenTelemetry for every Switchboard process: Switchboard's, Orleans' and ASP.NET Core's meters, scraped as
/// Prometheus text on "/metrics"; Switchboard's spans with grain calls and HTTP requests around them; both sent
/// over OTLP as well when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (the exporter reads the other OTEL_* variables).
/// </summary>
public static class TelemetryHostingExtensions
{
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public const string MetricsPath = "/metrics";

    public const string HealthPath = "/healthz";

    /// <summary>The meter Orleans records its own runtime figures on (messaging, grains, membership).</summary>
    private const string OrleansMeterName = "Microsoft.Orleans";

    /// <summary>
    /// The .NET runtime's own meter: collections and their pause time, bytes allocated, heap sizes, CPU time, thread
    /// pool queue. What an operator reads a latency spike against, and what a benchmark reads a node process by.
    /// </summary>
    public const string RuntimeMeterName = "System.Runtime";

    /// <summary>Whether spans are recorded: set, or on when an OTLP collector is named (spans with nowhere to go cost every grain call).</summary>
    public const string TracingSetting = "Switchboard:Telemetry:Tracing";

    /// <summary>
    /// Whether this process records spans: <see cref="TracingSetting"/> when set, otherwise only when OTLP has somewhere
    /// to send them. Recording creates two activities and a propagated trace context on every grain call, which on a
    /// busy node is a tenth of its allocations, for spans nobody would receive.
    /// </summary>
    public static bool TracingEnabled(IConfiguration configuration) =>
        configuration[TracingSetting] is { Length: > 0 } setting
            ? bool.TryParse(setting, out var on) ? on : throw new InvalidOperationException($"{TracingSetting} must be true or false, not '{setting}'.")
            : !string.IsNullOrWhiteSpace(configuration[OtlpEndpointVariable]);

    public static WebApplicationBuilder AddSwitchboardTelemetry(this WebApplicationBuilder builder)
    {
        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointVariable]);
        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(builder.Configuration["OTEL_SERVICE_NAME"] ?? "switchboard"))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(SwitchboardMetrics.MeterName, OrleansMeterName, RuntimeMeterName).AddAspNetCoreInstrumentation().AddPrometheusExporter();
                if (otlp)
                {
                    metrics.AddOtlpExporter();
                }
            });
        if (TracingEnabled(builder.Configuration))
        {
            otel.WithTracing(tracing =>
            {
                tracing.AddSource(SwitchboardTracing.SourceName, ActivitySources.ApplicationGrainActivitySourceName)
                    .AddAspNetCoreInstrumentation(http => http.Filter = IsTraced);
                if (otlp)
                {
                    tracing.AddOtlpExporter();
                }
            });
        }
        return builder;
    }

    /// <summary>"/metrics" (Prometheus text) and "/healthz" (the gRPC health service's checks: 200 "Healthy" or 503); no credential needed.</summary>
    public static WebApplication MapSwitchboardOperations(this WebApplication app)
    {
        app.MapPrometheusScrapingEndpoint(MetricsPath);
        app.MapHealthChecks(HealthPath);
        return app;
    }

    // Scrapes and probes arrive every few seconds; a span for each would bury the calls worth reading.
    private static bool IsTraced(HttpContext http) =>
        !http.Request.Path.StartsWithSegments(MetricsPath) && !http.Request.Path.StartsWithSegments(HealthPath);
}
