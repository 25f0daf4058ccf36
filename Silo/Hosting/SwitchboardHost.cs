using System.Net;
using System.Reflection;
using Orleans.Configuration;
using Orleans.Reminders;
using Switchboard.Gateway.Cluster;
using Switchboard.Gateway.Hosting;
using Switchboard.Gateway.Web;
using Switchboard.Silo.Routing;
using Switchboard.Silo.Storage.Postgres;
using Switchboard.Silo.Storage.Sqlite;
using Switchboard.Silo.Tickets;
using Switchboard.Silo.Supervision;
using Switchboard.Silo.Telemetry;

namespace Switchboard.Silo.Hosting;

/// <summary>
/// The Switchboard process. "Switchboard:Mode" picks what it runs: <c>single</c> (silo and gateway in one
/// process, the default), <c>silo</c> (a silo answering gRPC health checks) or <c>gateway</c> (a cluster client,
/// the same as the Gateway executable). "Switchboard:Storage:Kind" picks SQLite on one host or PostgreSQL.
/// </summary>
public static class SwitchboardHost
{
    public static WebApplication Build(string[] args) => Build(args, TimeProvider.System);

    /// <summary>
    /// Builds the process with <paramref name="clock"/> as the one clock of the domain (tickets, SLA, routing figures)
    /// and of durable reminders, so tests can move SLA time; Orleans' own timers and loops keep real time.
    /// </summary>
    public static WebApplication Build(string[] args, TimeProvider clock)
    {
        // The mode decides which host to build, so it is read (from the same sources, in the same order) before any host exists.
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(args, ModeSwitch)
            .Build();
        if (HostMode.Validate(ModeOf(configuration)) == HostMode.GatewayOnly)
        {
            return GatewayHost.Build(args);
        }

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddCommandLine(args, ModeSwitch);
        var (options, connection) = builder.AddSwitchboardOptions();
        var mode = HostMode.Validate(options.Mode);
        builder.AddSwitchboardLogging();
        builder.AddSwitchboardTelemetry();
        builder.Services.AddPostgresReachabilityCheck(connection.Storage);
        builder.AddSwitchboardSilo(options, connection, clock);
        builder.AddSwitchboardAdminDashboard();
        if (mode == HostMode.SingleNode)
        {
            // Pushes to desks never leave this process: they are checked for less often than a gateway's.
            builder.Services.AddSingleton(Switchboard.Gateway.Agents.DeskAttachmentChecks.SingleNode);
            builder.Services.AddSwitchboardGateway(builder.Configuration);
        }
        else
        {
            builder.Services.AddGrpc();
            builder.Services.AddSwitchboardHealthChecks();
        }
        builder.Services.AddHealthChecks().AddCheck<SiloActiveHealthCheck>("silo");
        builder.ListenForGrpc(connection);
        if (mode == HostMode.SingleNode)
        {
            builder.AddSwitchboardWeb();
        }
        var app = builder.Build();
        // Log events written by grain code carry the grain's tenant and entity.
        app.Services.GetRequiredService<HostLogEnrichers>().Add(new GrainLogEnricher(app.Services.GetRequiredService<IGrainContextAccessor>()));
        if (mode == HostMode.SingleNode)
        {
            app.MapSwitchboardGateway();
            app.MapSwitchboardWeb();
        }
        else
        {
            app.MapGrpcHealthChecksService();
        }
        app.MapSwitchboardOperations();
        app.MapSwitchboardAdminDashboard();
        return app;
    }

    private static readonly Dictionary<string, string> ModeSwitch = new() { ["--mode"] = $"{SwitchboardOptions.Section}:Mode" };

    private static string ModeOf(IConfiguration configuration) => configuration[$"{SwitchboardOptions.Section}:Mode"] ?? HostMode.SingleNode;

    private static (SwitchboardOptions Silo, ClusterConnectionOptions Connection) AddSwitchboardOptions(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<SwitchboardOptions>().Bind(builder.Configuration.GetSection(SwitchboardOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<ClusterConnectionOptions>().Bind(builder.Configuration.GetSection(ClusterConnectionOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<RoutingOptions>().Bind(builder.Configuration.GetSection(RoutingOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        // Agents' keep-alive reminders may be shorter than Orleans' default one-minute floor when an operator says so.
        builder.Services.AddOptions<Orleans.Hosting.ReminderOptions>().PostConfigure<Microsoft.Extensions.Options.IOptions<RoutingOptions>>((reminders, routing) =>
            routing.Value.LowerReminderFloor(reminders));
        builder.Services.AddOptions<TicketOptions>().Bind(builder.Configuration.GetSection(TicketOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<SupervisionOptions>().Bind(builder.Configuration.GetSection(SupervisionOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        var options = SettingsValidation.Validated(
            builder.Configuration.GetSection(SwitchboardOptions.Section).Get<SwitchboardOptions>() ?? new SwitchboardOptions(), SwitchboardOptions.Section);
        return (options, ClusterConnectionOptions.From(builder.Configuration));
    }

    private static void AddSwitchboardSilo(this WebApplicationBuilder builder, SwitchboardOptions options, ClusterConnectionOptions connection, TimeProvider clock)
    {
        builder.Services.AddSingleton(clock);
        var tracing = TelemetryHostingExtensions.TracingEnabled(builder.Configuration);
        builder.UseOrleans(silo =>
        {
            if (tracing)
            {
                // Grain calls carry the caller's trace context, so a message's spans form one trace across grains. Only
                // when spans are recorded: the filters cost every grain call an invoker and a state machine each way.
                silo.AddActivityPropagation();
            }
            silo.Services.AddCachedGrainInterfaceTypes();
            silo.Services.AddDatabaseExceptionSerialization();
            if (connection.Storage.IsPostgres)
            {
                silo.Configure<ClusterOptions>(cluster =>
                {
                    cluster.ClusterId = connection.ClusterId;
                    cluster.ServiceId = connection.ServiceId;
                });
                silo.Configure<EndpointOptions>(endpoints =>
                {
                    endpoints.AdvertisedIPAddress = AdvertisedAddress(options.AdvertisedAddress);
                    endpoints.SiloPort = options.SiloPort;
                    endpoints.GatewayPort = connection.OrleansGatewayPort;
                    endpoints.SiloListeningEndpoint = new IPEndPoint(endpoints.AdvertisedIPAddress, options.SiloPort);
                    endpoints.GatewayListeningEndpoint = new IPEndPoint(endpoints.AdvertisedIPAddress, connection.OrleansGatewayPort);
                });
                silo.UseAdoNetClustering(clustering =>
                {
                    clustering.Invariant = AdoNetInvariant.Npgsql;
                    clustering.ConnectionString = connection.Storage.NpgsqlConnectionString;
                });
                silo.AddPostgresStorage(connection.Storage.ConnectionString!);
                if (KubernetesHosting.IsOn(options.KubernetesHosting, Environment.GetEnvironmentVariable(KubernetesHosting.ServiceHostVariable)))
                {
                    // Needs POD_NAME, POD_NAMESPACE and a service account allowed to list and watch pods (deploy/k8s/).
                    silo.UseKubernetesHosting();
                }
            }
            else
            {
                silo.UseLocalhostClustering(options.SiloPort, connection.OrleansGatewayPort, null, connection.ServiceId, connection.ClusterId);
                silo.AddSqliteStorage(options.DatabasePath);
            }
        });
        if (clock != TimeProvider.System)
        {
            PinRuntimeToSystemTime(builder.Services, clock);
        }
    }

    /// <summary>
    /// Orleans resolves each of its areas' clocks by key, falling back to the default one (ours). With a clock that is
    /// not real time, the runtime areas (messaging, membership, grain timers, ...) stay on real time and only
    /// reminders, which fire the SLA alarms, follow the given clock.
    /// </summary>
    private static void PinRuntimeToSystemTime(IServiceCollection services, TimeProvider clock)
    {
        var runtimeAreas = typeof(TimeProviderNames).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(field => field.IsLiteral && field.FieldType == typeof(string))
            .Select(field => (string)field.GetRawConstantValue()!);
        foreach (var area in runtimeAreas)
        {
            services.AddKeyedSingleton(area, TimeProvider.System);
        }
        services.AddKeyedSingleton(ReminderTimeProviderNames.Reminders, clock);
    }

    private static IPAddress AdvertisedAddress(string text) =>
        IPAddress.TryParse(text, out var address)
            ? address
            : throw new InvalidOperationException($"Switchboard:AdvertisedAddress is '{text}'; set it to this host's IP address as other silos reach it.");
}
