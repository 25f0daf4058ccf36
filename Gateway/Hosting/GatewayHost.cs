using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;

namespace Switchboard.Gateway.Hosting;

/// <summary>
/// A gateway process on its own: an Orleans client of the cluster serving the gRPC API. With PostgreSQL it
/// finds silos through the membership table; with SQLite (one host) it connects to the local silo's gateway port.
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
        builder.UseOrleansClient(client =>
        {
            client.AddActivityPropagation();
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
                    clustering.ConnectionString = options.Storage.ConnectionString;
                });
            }
            else
            {
                client.UseLocalhostClustering(options.OrleansGatewayPort, options.ServiceId, options.ClusterId);
            }
        });
        builder.Services.AddSwitchboardGateway(builder.Configuration);
        builder.ListenForGrpc(options);
        var app = builder.Build();
        app.MapSwitchboardGateway();
        app.MapSwitchboardOperations();
        return app;
    }
}
