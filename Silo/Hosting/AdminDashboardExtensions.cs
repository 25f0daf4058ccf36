using System.Net;
using System.Text;
using Grpc.Core;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Dashboard;
using Switchboard.Contracts.Security;
using Switchboard.Gateway.Hosting;
using Switchboard.Gateway.Security;

namespace Switchboard.Silo.Hosting;

/// <summary>
/// The Orleans dashboard (grains, silos, call rates) on the admin port, for admin credentials only: an API key
/// (x-api-key), a bearer token, or — so a browser can sign in — HTTP Basic with the API key as the password.
/// No credential is 401, a credential of another role 403. Grain state inspection is refused: grain state holds
/// transcripts and customer addresses, and the dashboard shows every tenant's grains.
/// </summary>
public static class AdminDashboardExtensions
{
    public const string Path = "/dashboard";

    public static WebApplicationBuilder AddSwitchboardAdminDashboard(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<AdminDashboardOptions>().Bind(builder.Configuration.GetSection(AdminDashboardOptions.Section));
        var options = SettingsValidation.Validated(
            builder.Configuration.GetSection(AdminDashboardOptions.Section).Get<AdminDashboardOptions>() ?? new AdminDashboardOptions(),
            AdminDashboardOptions.Section);
        if (!options.Enabled)
        {
            return builder;
        }
        // The dashboard's own live log view would bypass Serilog's levels; logs have their own pipeline.
        builder.UseOrleans(silo => silo.AddDashboard(dashboard => dashboard.HideTrace = true));
        // A silo-only process has no gateway, so nothing else brought the credential check.
        builder.Services.AddOptions<AuthOptions>().Bind(builder.Configuration.GetSection(AuthOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.TryAddSingleton<Switchboard.Gateway.Cluster.LostCallRetry>();
        builder.Services.TryAddSingleton<Authenticator>();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            if (string.Equals(options.ListenAddress, "localhost", StringComparison.OrdinalIgnoreCase))
            {
                kestrel.ListenLocalhost(options.Port, listen => listen.Protocols = HttpProtocols.Http1);
            }
            else
            {
                kestrel.Listen(ParseAddress(options.ListenAddress), options.Port, listen => listen.Protocols = HttpProtocols.Http1);
            }
        });
        return builder;
    }

    public static WebApplication MapSwitchboardAdminDashboard(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<AdminDashboardOptions>>().Value;
        if (!options.Enabled)
        {
            return app;
        }
        // Everything on the admin port needs an admin; the dashboard answers on no other port.
        app.UseWhen(http => http.Connection.LocalPort == options.Port, admin => admin.Use(RequireAdmin));
        app.MapOrleansDashboard(Path).RequireHost($"*:{options.Port}");
        return app;
    }

    private static async Task RequireAdmin(HttpContext http, RequestDelegate next)
    {
        var (apiKey, authorization) = Credential(http.Request);
        CallerIdentity caller;
        try
        {
            caller = await http.RequestServices.GetRequiredService<Authenticator>().Authenticate(apiKey, authorization);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Unauthenticated)
        {
            http.Response.StatusCode = StatusCodes.Status401Unauthorized;
            http.Response.Headers.WWWAuthenticate = "Basic realm=\"Switchboard admin\", charset=\"UTF-8\"";
            await http.Response.WriteAsync(e.Status.Detail + " The password of HTTP Basic may carry the API key.");
            return;
        }
        if (caller.Role != CallerRole.Admin)
        {
            http.Response.StatusCode = StatusCodes.Status403Forbidden;
            await http.Response.WriteAsync($"The admin dashboard needs an admin credential, not a {caller.Role.ToString().ToLowerInvariant()} one.");
            return;
        }
        if (http.Request.Path.StartsWithSegments($"{Path}/GrainState", StringComparison.OrdinalIgnoreCase))
        {
            http.Response.StatusCode = StatusCodes.Status403Forbidden;
            await http.Response.WriteAsync("Grain state is not shown: it holds customer messages and addresses.");
            return;
        }
        await next(http);
    }

    /// <summary>The x-api-key header, else "Basic" (the password is the API key), else the authorization header as it is.</summary>
    private static (string? ApiKey, string? Authorization) Credential(HttpRequest request)
    {
        if (request.Headers[Authenticator.ApiKeyHeader].ToString() is { Length: > 0 } header)
        {
            return (header, null);
        }
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                var pair = Encoding.UTF8.GetString(Convert.FromBase64String(authorization["Basic ".Length..].Trim()));
                return (pair[(pair.IndexOf(':', StringComparison.Ordinal) + 1)..], null);
            }
            catch (FormatException)
            {
                return (null, null);
            }
        }
        return (null, authorization.Length > 0 ? authorization : null);
    }

    private static IPAddress ParseAddress(string text) =>
        IPAddress.TryParse(text, out var address)
            ? address
            : throw new InvalidOperationException($"{AdminDashboardOptions.Section}:ListenAddress is '{text}'; set it to 'localhost' or an IP address.");
}
