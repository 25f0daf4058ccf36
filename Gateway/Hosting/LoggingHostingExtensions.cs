using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace Switchboard.Gateway.Hosting;

/// <summary>
/// Serilog for every Switchboard process: levels and extra sinks from the "Serilog" section, the console in
/// text (for people) or compact JSON (for log shippers) by "Switchboard:Logging:Format". Events carry the
/// current trace and span ids, and the tenant, ticket and agent the call is about (pushed by the gRPC and grain
/// call filters); message bodies and customer addresses are never logged.
/// </summary>
public static class LoggingHostingExtensions
{
    public const string FormatKey = "Switchboard:Logging:Format";

    public const string TextFormat = "text";

    public const string JsonFormat = "json";

    private const string TextTemplate = "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}";

    public static WebApplicationBuilder AddSwitchboardLogging(this WebApplicationBuilder builder)
    {
        var logger = new LoggerConfiguration()
            .MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .MinimumLevel.Override("Microsoft.Hosting.Lifetime", LogEventLevel.Information)
            .MinimumLevel.Override("Orleans", LogEventLevel.Warning)
            .MinimumLevel.Override("Polly", LogEventLevel.Warning)
            .ReadFrom.Configuration(builder.Configuration)
            .Enrich.FromLogContext();
        var hostEnrichers = new HostLogEnrichers();
        logger.Enrich.With(hostEnrichers);
        builder.Services.AddSingleton(hostEnrichers);
        if (IsJson(builder.Configuration[FormatKey]))
        {
            // One JSON object a line: @t, @mt, @l, @tr/@sp (trace and span), then the properties.
            logger.WriteTo.Console(new CompactJsonFormatter());
        }
        else
        {
            logger.WriteTo.Console(outputTemplate: TextTemplate);
        }
        // The host's own logger, flushed and closed with the host; not the static Log.Logger, which every host in
        // one process (the tests start several) would share and the first to stop would silence.
        builder.Services.AddSerilog(logger.CreateLogger(), dispose: true);
        return builder;
    }

    /// <summary>Whether "Switchboard:Logging:Format" asks for JSON; refuses values it does not know.</summary>
    public static bool IsJson(string? format) => format?.ToLowerInvariant() switch
    {
        null or "" or TextFormat => false,
        JsonFormat => true,
        _ => throw new InvalidOperationException($"{FormatKey} is '{format}'; set it to '{TextFormat}' (the default) or '{JsonFormat}' (compact JSON, one event a line)."),
    };
}

/// <summary>
/// Enrichers a host adds once its services are built (the logger is made before them): the silo adds the one that
/// tags events written by grain code with the grain's tenant and entity.
/// </summary>
public sealed class HostLogEnrichers : ILogEventEnricher
{
    private readonly Lock _adding = new();
    private ILogEventEnricher[] _enrichers = [];

    public void Add(ILogEventEnricher enricher)
    {
        ArgumentNullException.ThrowIfNull(enricher);
        lock (_adding)
        {
            Volatile.Write(ref _enrichers, [.. _enrichers, enricher]);
        }
    }

    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        foreach (var enricher in Volatile.Read(ref _enrichers))
        {
            enricher.Enrich(logEvent, propertyFactory);
        }
    }
}
