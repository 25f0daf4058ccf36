using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Serilog;
using Serilog.Events;
using Switchboard.Gateway.Hosting;
using Switchboard.Gateway.Web;
using Switchboard.Silo.Routing;
using Switchboard.Silo.Storage.Sqlite;
using Switchboard.Silo.Supervision;

namespace Switchboard.Silo.Hosting;

/// <summary>The single-node host: one process with the silo, the gateway and embedded SQLite storage.</summary>
public static class SwitchboardHost
{
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        var options = builder.AddSwitchboardOptions();
        builder.AddSwitchboardLogging();
        builder.AddSwitchboardSilo(options);
        builder.Services.AddSwitchboardGateway();
        builder.ListenForGrpc(options);
        builder.AddSwitchboardWeb();
        var app = builder.Build();
        app.MapSwitchboardGateway();
        app.MapSwitchboardWeb();
        return app;
    }

    private static SwitchboardOptions AddSwitchboardOptions(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<SwitchboardOptions>().Bind(builder.Configuration.GetSection(SwitchboardOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<RoutingOptions>().Bind(builder.Configuration.GetSection(RoutingOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<SupervisionOptions>().Bind(builder.Configuration.GetSection(SupervisionOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        return builder.Configuration.GetSection(SwitchboardOptions.Section).Get<SwitchboardOptions>() ?? new SwitchboardOptions();
    }

    private static void AddSwitchboardLogging(this WebApplicationBuilder builder) =>
        builder.Services.AddSerilog((services, logger) => logger
            .MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .MinimumLevel.Override("Microsoft.Hosting.Lifetime", LogEventLevel.Information)
            .MinimumLevel.Override("Orleans", LogEventLevel.Warning)
            .ReadFrom.Configuration(builder.Configuration)
            .ReadFrom.Services(services)
            .Enrich.FromLogContext()
            .WriteTo.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}"));

    private static void AddSwitchboardSilo(this WebApplicationBuilder builder, SwitchboardOptions options)
    {
        builder.Services.AddSingleton(TimeProvider.System);
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(options.SiloPort, options.OrleansGatewayPort, null, options.ServiceId, options.ClusterId);
            silo.AddSqliteStorage(options.DatabasePath);
        });
    }

    private static void ListenForGrpc(this WebApplicationBuilder builder, SwitchboardOptions options) =>
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // Cleartext gRPC needs HTTP/2 only; browsers get their own port (AddSwitchboardWeb).
            if (string.Equals(options.ListenAddress, "localhost", StringComparison.OrdinalIgnoreCase) && options.GrpcPort != 0)
            {
                kestrel.ListenLocalhost(options.GrpcPort, listen => listen.Protocols = HttpProtocols.Http2);
            }
            else
            {
                var address = string.Equals(options.ListenAddress, "localhost", StringComparison.OrdinalIgnoreCase)
                    ? IPAddress.Loopback
                    : IPAddress.Parse(options.ListenAddress);
                kestrel.Listen(address, options.GrpcPort, listen => listen.Protocols = HttpProtocols.Http2);
            }
        });
}
