using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Switchboard.Gateway.Admin;
using Switchboard.Gateway.Agents;
using Switchboard.Gateway.Channels;
using Switchboard.Gateway.Cluster;
using Switchboard.Gateway.Errors;
using Switchboard.Gateway.Hub;
using Switchboard.Gateway.Health;
using Switchboard.Gateway.Reports;
using Switchboard.Gateway.Security;
using Microsoft.Extensions.Configuration;
using Switchboard.Gateway.Supervision;
using Switchboard.Gateway.Telemetry;

namespace Switchboard.Gateway.Hosting;

/// <summary>Wires the gRPC gateway into a host, whether it runs beside a silo or as a cluster client.</summary>
public static class GatewayHostingExtensions
{
    /// <summary>The largest request accepted on the wire; bodies have their own, smaller limit.</summary>
    public const int MaxRequestBytes = 1024 * 1024;

    /// <summary>The gRPC health service name that reports only whether the process answers (Kubernetes liveness probes).</summary>
    public const string LivenessService = "liveness";

    private const string ProcessCheck = "process";

    public static IServiceCollection AddSwitchboardGateway(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AuthOptions>().Bind(configuration.GetSection(AuthOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<FailoverOptions>().Bind(configuration.GetSection(FailoverOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddGrpc(options =>
        {
            // Outermost first: metrics see every call's final status; errors are mapped for the whole pipeline (a key
            // lookup a dead silo lost is UNAVAILABLE too); the log context needs the authenticated caller; an
            // idempotent call a dead silo lost is retried before its loss is mapped to UNAVAILABLE.
            options.Interceptors.Add<CallMetricsInterceptor>();
            options.Interceptors.Add<DomainErrorInterceptor>();
            options.Interceptors.Add<AuthInterceptor>();
            options.Interceptors.Add<CallLogContextInterceptor>();
            options.Interceptors.Add<LostCallRetry>();
            options.MaxReceiveMessageSize = MaxRequestBytes;
        });
        services.AddGrpcReflection();
        services.AddSwitchboardHealthChecks();
        services.AddHealthChecks().AddCheck<ClusterHealthCheck>("cluster");
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<GatewayHub>();
        services.AddSingleton<FloorHub>();
        services.TryAddSingleton(DeskAttachmentChecks.Gateway);
        services.AddSingleton<DeskFeed>();
        services.AddSingleton<DeskActions>();
        services.AddSingleton<InboundProcessor>();
        services.AddSingleton<LostCallRetry>();
        services.AddSingleton<Authenticator>();
        services.AddSingleton<CredentialWatch>();
        services.AddHostedService(provider => provider.GetRequiredService<CredentialWatch>());
        services.AddSingleton<RequestLimiter>();
        services.AddSingleton<ApiKeyIssuer>();
        services.AddHostedService<DemoTenantBootstrap>();
        return services;
    }

    /// <summary>
    /// gRPC health checks (grpc.health.v1) answered from the checks as they are now, not from a cache that
    /// reports Unknown until its first refresh, so orchestrators and scripts see Serving as soon as the host is up.
    /// </summary>
    public static IServiceCollection AddSwitchboardHealthChecks(this IServiceCollection services)
    {
        services.AddGrpcHealthChecks(options =>
            {
                options.UseHealthChecksCache = false;
                // Orchestrators restart a process whose liveness fails: only a process that stopped answering
                // should be restarted, not a gateway waiting for silos or a silo waiting for PostgreSQL.
                options.Services.Map(LivenessService, check => check.Name == ProcessCheck);
            })
            .AddCheck(ProcessCheck, () => HealthCheckResult.Healthy("answering"));
        return services;
    }

    public static WebApplication MapSwitchboardGateway(this WebApplication app)
    {
        app.MapGrpcService<ChannelGrpcService>();
        app.MapGrpcService<AgentGrpcService>();
        app.MapGrpcService<AdminGrpcService>();
        app.MapGrpcService<SupervisorGrpcService>();
        app.MapGrpcService<ReportGrpcService>();
        app.MapGrpcHealthChecksService();
        app.MapGrpcReflectionService();
        return app;
    }

    /// <summary>
    /// Kestrel on the gRPC port. Cleartext: HTTP/2 only (cleartext gRPC cannot share a port with HTTP/1.1), and
    /// only on loopback unless explicitly allowed. TLS (PEM files): one port negotiates HTTP/2 and HTTP/1.1.
    /// </summary>
    public static WebApplicationBuilder ListenForGrpc(this WebApplicationBuilder builder, ClusterConnectionOptions options)
    {
        var loopback = string.Equals(options.ListenAddress, "localhost", StringComparison.OrdinalIgnoreCase);
        if (!loopback && !IPAddress.TryParse(options.ListenAddress, out _))
        {
            throw new OptionsValidationException(nameof(options.ListenAddress), typeof(ClusterConnectionOptions),
                [$"Switchboard:ListenAddress '{options.ListenAddress}' is neither 'localhost' nor an IP address."]);
        }
        var address = loopback ? IPAddress.Loopback : IPAddress.Parse(options.ListenAddress);
        var certificate = LoadCertificate(options);
        if (certificate is null && !IPAddress.IsLoopback(address) && !options.AllowCleartextOffLoopback)
        {
            throw new OptionsValidationException(nameof(options.ListenAddress), typeof(ClusterConnectionOptions),
                [$"Switchboard:ListenAddress is {options.ListenAddress}, off loopback, without TLS: set Switchboard:TlsCertificatePath and TlsKeyPath " +
                 "(or, behind a TLS-terminating proxy, Switchboard:AllowCleartextOffLoopback=true)."]);
        }
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            void Configure(ListenOptions listen)
            {
                if (certificate is null)
                {
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
        return builder;
    }

    private static X509Certificate2? LoadCertificate(ClusterConnectionOptions options)
    {
        if (string.IsNullOrEmpty(options.TlsCertificatePath))
        {
            return null;
        }
        if (!File.Exists(options.TlsCertificatePath) || (options.TlsKeyPath is { Length: > 0 } key && !File.Exists(key)))
        {
            throw new OptionsValidationException(nameof(options.TlsCertificatePath), typeof(ClusterConnectionOptions),
                [$"Switchboard:TlsCertificatePath '{options.TlsCertificatePath}' or TlsKeyPath '{options.TlsKeyPath}' does not exist."]);
        }
        return X509Certificate2.CreateFromPemFile(options.TlsCertificatePath, string.IsNullOrEmpty(options.TlsKeyPath) ? null : options.TlsKeyPath);
    }
}
