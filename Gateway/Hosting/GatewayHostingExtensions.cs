using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Switchboard.Gateway.Admin;
using Switchboard.Gateway.Agents;
using Switchboard.Gateway.Channels;
using Switchboard.Gateway.Errors;
using Switchboard.Gateway.Hub;
using Switchboard.Gateway.Health;
using Switchboard.Gateway.Security;
using Microsoft.Extensions.Configuration;
using Switchboard.Gateway.Supervision;

namespace Switchboard.Gateway.Hosting;

/// <summary>Wires the gRPC gateway into a host, whether it runs beside a silo or as a cluster client.</summary>
public static class GatewayHostingExtensions
{
    /// <summary>The largest request accepted on the wire; bodies have their own, smaller limit.</summary>
    public const int MaxRequestBytes = 1024 * 1024;

    public static IServiceCollection AddSwitchboardGateway(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AuthOptions>().Bind(configuration.GetSection(AuthOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddGrpc(options =>
        {
            options.Interceptors.Add<AuthInterceptor>();
            options.Interceptors.Add<DomainErrorInterceptor>();
            options.MaxReceiveMessageSize = MaxRequestBytes;
        });
        services.AddGrpcReflection();
        services.AddGrpcHealthChecks().AddCheck<ClusterHealthCheck>("cluster");
        // Answer health checks from a fresh check, not a cache filled every few seconds.
        services.Configure<Grpc.AspNetCore.HealthChecks.GrpcHealthChecksOptions>(o => o.UseHealthChecksCache = false);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<GatewayHub>();
        services.AddSingleton<InboundProcessor>();
        services.AddSingleton<Authenticator>();
        services.AddSingleton<RequestLimiter>();
        services.AddSingleton<ApiKeyIssuer>();
        services.AddHostedService<DemoTenantBootstrap>();
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
}
