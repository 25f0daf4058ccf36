using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using Serilog;
using Serilog.Events;
using Switchboard.Gateway.Hosting;
using Switchboard.Silo.Routing;
using Switchboard.Silo.Storage.Sqlite;

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
        builder.Services.AddSwitchboardGateway(builder.Configuration);
        builder.ListenForGrpc(options);
        var app = builder.Build();
        app.MapSwitchboardGateway();
        return app;
    }

    private static SwitchboardOptions AddSwitchboardOptions(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<SwitchboardOptions>().Bind(builder.Configuration.GetSection(SwitchboardOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<RoutingOptions>().Bind(builder.Configuration.GetSection(RoutingOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        return builder.Configuration.GetSection(SwitchboardOptions.Section).Get<SwitchboardOptions>() ?? new SwitchboardOptions();
    }

    private static void AddSwitchboardLogging(this WebApplicationBuilder builder) =>
        builder.Services.AddSerilog((services, logger) => logger
            .MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .MinimumLevel.Override("Microsoft.Hosting.Lifetime", LogEventLevel.Information)
            .MinimumLevel.Override("Orleans", LogEventLevel.Warning)
            .MinimumLevel.Override("Polly", LogEventLevel.Warning)
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

    private static void ListenForGrpc(this WebApplicationBuilder builder, SwitchboardOptions options)
    {
        var loopback = string.Equals(options.ListenAddress, "localhost", StringComparison.OrdinalIgnoreCase);
        if (!loopback && !IPAddress.TryParse(options.ListenAddress, out _))
        {
            throw new OptionsValidationException(nameof(SwitchboardOptions.ListenAddress), typeof(SwitchboardOptions),
                [$"Switchboard:ListenAddress '{options.ListenAddress}' is neither 'localhost' nor an IP address."]);
        }
        var address = loopback ? IPAddress.Loopback : IPAddress.Parse(options.ListenAddress);
        var certificate = LoadCertificate(options);
        if (certificate is null && !IPAddress.IsLoopback(address) && !options.AllowCleartextOffLoopback)
        {
            throw new OptionsValidationException(nameof(SwitchboardOptions.ListenAddress), typeof(SwitchboardOptions),
                [$"Switchboard:ListenAddress is {options.ListenAddress}, off loopback, without TLS: set Switchboard:TlsCertificatePath and TlsKeyPath " +
                 "(or, behind a TLS-terminating proxy, Switchboard:AllowCleartextOffLoopback=true)."]);
        }
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            void Configure(ListenOptions listen)
            {
                if (certificate is null)
                {
                    // Cleartext gRPC needs HTTP/2 only; browsers get their own port.
                    listen.Protocols = HttpProtocols.Http2;
                    return;
                }
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                listen.UseHttps(certificate);
            }

            if (loopback && options.GrpcPort != 0)
            {
                kestrel.ListenLocalhost(options.GrpcPort, Configure);
            }
            else
            {
                kestrel.Listen(address, options.GrpcPort, Configure);
            }
        });
    }

    private static X509Certificate2? LoadCertificate(SwitchboardOptions options)
    {
        if (string.IsNullOrEmpty(options.TlsCertificatePath))
        {
            return null;
        }
        if (!File.Exists(options.TlsCertificatePath) || (options.TlsKeyPath is { Length: > 0 } key && !File.Exists(key)))
        {
            throw new OptionsValidationException(nameof(SwitchboardOptions.TlsCertificatePath), typeof(SwitchboardOptions),
                [$"Switchboard:TlsCertificatePath '{options.TlsCertificatePath}' or TlsKeyPath '{options.TlsKeyPath}' does not exist."]);
        }
        return X509Certificate2.CreateFromPemFile(options.TlsCertificatePath, string.IsNullOrEmpty(options.TlsKeyPath) ? null : options.TlsKeyPath);
    }
}
