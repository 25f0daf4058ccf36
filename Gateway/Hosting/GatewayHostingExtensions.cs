using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
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
        services.AddGrpcHealthChecks();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<GatewayHub>();
        services.AddSingleton<FloorHub>();
        services.AddSingleton<DeskFeed>();
        services.AddSingleton<DeskActions>();
        services.AddSingleton<InboundProcessor>();
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
