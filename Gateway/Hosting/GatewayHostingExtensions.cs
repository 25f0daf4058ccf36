using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Serilog;
using Serilog.Events;
using Switchboard.Gateway.Admin;
using Switchboard.Gateway.Agents;
using Switchboard.Gateway.Channels;
using Switchboard.Gateway.Errors;
using Switchboard.Gateway.Hub;
using Switchboard.Gateway.Supervision;

namespace Switchboard.Gateway.Hosting;

/// <summary>Wires the gRPC gateway into a host, whether it runs beside a silo or as a cluster client.</summary>
public static class GatewayHostingExtensions
{
    /// <summary>The largest request accepted on the wire; bodies have their own, smaller limit.</summary>
    public const int MaxRequestBytes = 1024 * 1024;

    public static IServiceCollection AddSwitchboardGateway(this IServiceCollection services)
    {
        services.AddGrpc(options =>
        {
            options.Interceptors.Add<DomainErrorInterceptor>();
            options.MaxReceiveMessageSize = MaxRequestBytes;
        });
        services.AddGrpcReflection();
        services.AddSwitchboardHealthChecks();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<GatewayHub>();
        services.AddSingleton<InboundProcessor>();
        return services;
    }

    /// <summary>
    /// gRPC health checks (grpc.health.v1) answered from the checks as they are now, not from a cache that
    /// reports Unknown until its first refresh, so orchestrators and scripts see Serving as soon as the host is up.
    /// </summary>
    public static IServiceCollection AddSwitchboardHealthChecks(this IServiceCollection services)
    {
        services.AddGrpcHealthChecks(options => options.UseHealthChecksCache = false)
            .AddCheck("process", () => HealthCheckResult.Healthy("answering"));
        return services;
    }

    public static WebApplication MapSwitchboardGateway(this WebApplication app)
    {
        app.MapGrpcService<ChannelGrpcService>();
        app.MapGrpcService<AgentGrpcService>();
        app.MapGrpcService<AdminGrpcService>();
        app.MapGrpcService<SupervisorGrpcService>();
        app.MapGrpcHealthChecksService();
        app.MapGrpcReflectionService();
        return app;
    }

    /// <summary>Structured console logs for every Switchboard process; levels come from "Serilog" settings.</summary>
    public static WebApplicationBuilder AddSwitchboardLogging(this WebApplicationBuilder builder)
    {
        builder.Services.AddSerilog((services, logger) => logger
            .MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .MinimumLevel.Override("Microsoft.Hosting.Lifetime", LogEventLevel.Information)
            .MinimumLevel.Override("Orleans", LogEventLevel.Warning)
            .ReadFrom.Configuration(builder.Configuration)
            .ReadFrom.Services(services)
            .Enrich.FromLogContext()
            .WriteTo.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}"));
        return builder;
    }

    /// <summary>Kestrel on the gRPC port: HTTP/2 only, since cleartext gRPC cannot share a port with HTTP/1.1.</summary>
    public static WebApplicationBuilder ListenForGrpc(this WebApplicationBuilder builder, ClusterConnectionOptions options)
    {
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            var loopback = string.Equals(options.ListenAddress, "localhost", StringComparison.OrdinalIgnoreCase);
            if (loopback && options.GrpcPort != 0)
            {
                kestrel.ListenLocalhost(options.GrpcPort, listen => listen.Protocols = HttpProtocols.Http2);
            }
            else
            {
                var address = loopback ? IPAddress.Loopback : IPAddress.Parse(options.ListenAddress);
                kestrel.Listen(address, options.GrpcPort, listen => listen.Protocols = HttpProtocols.Http2);
            }
        });
        return builder;
    }
}
