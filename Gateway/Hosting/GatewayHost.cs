using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Switchboard.Gateway.Cluster;
using Switchboard.Gateway.Web;

namespace Switchboard.Gateway.Hosting;

/// <summary>
/// A gateway process on its own: an Orleans client of the cluster serving the gRPC API and, on the web port, the
/// dashboard and the agent desk (any gateway serves them; their live feeds come from the cluster). With PostgreSQL it
/// finds silos through the membership table; with SQLite (one host) it connects to the local silo's gateway port.
/// Calls in flight to a silo that dies are answered once membership declares it dead (<see cref="LostCallWatch"/>).
/// </summary>
public static class GatewayHost
{
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        var options = ClusterConnectionOptions.From(builder.Configuration);
        builder.AddSwitchboardLogging();
        builder.AddSwitchboardTelemetry();
        builder.Services.AddPostgresReachabilityCheck(options.Storage);
        var failover = SettingsValidation.Validated(
            builder.Configuration.GetSection(FailoverOptions.Section).Get<FailoverOptions>() ?? new FailoverOptions(), FailoverOptions.Section);
        var tracing = TelemetryHostingExtensions.TracingEnabled(builder.Configuration);
        builder.UseOrleansClient(client =>
        {
            if (tracing)
            {
                // As on the silo: trace context on grain calls only when this process records spans.
                client.AddActivityPropagation();
            }
            client.Services.AddCachedGrainInterfaceTypes();
            // Calls a dead silo took with it are broken when membership declares it dead, not after the response
            // timeout, which stays long for legitimately slow calls (see LostCallWatch).
            client.Configure<ClientMessagingOptions>(messaging => messaging.ResponseTimeout = failover.ResponseTimeout);
            client.Services.AddSingleton<LostCallWatch>();
            client.Services.AddSingleton<IClusterConnectionStatusObserver>(services => services.GetRequiredService<LostCallWatch>());
            client.AddOutgoingGrainCallFilter<LostCallFilter>();
            client.Services.AddDatabaseExceptionSerialization();
            client.Configure<ClusterOptions>(cluster =>
            {
                cluster.ClusterId = options.ClusterId;
                cluster.ServiceId = options.ServiceId;
            });
            if (options.Storage.IsPostgres)
            {
                client.UseAdoNetClustering(clustering =>
                {
                    clustering.Invariant = AdoNetInvariant.Npgsql;
                    clustering.ConnectionString = options.Storage.NpgsqlConnectionString;
                });
            }
            else
            {
                client.UseLocalhostClustering(options.OrleansGatewayPort, options.ServiceId, options.ClusterId);
            }
        });
        builder.Services.AddSwitchboardGateway(builder.Configuration);
        builder.ListenForGrpc(options);
        builder.AddSwitchboardWeb();
        var app = builder.Build();
        app.MapSwitchboardGateway();
        app.MapSwitchboardWeb();
        app.MapSwitchboardOperations();
        return app;
    }
}
