using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Context;
using Switchboard.Contracts.Security;
using Switchboard.Contracts.Telemetry;
using Switchboard.Gateway.Security;

namespace Switchboard.Gateway.Web;

/// <summary>
/// The web port's API needs the same credentials as gRPC: an API key (x-api-key header, or access_key in the
/// query for EventSource, which cannot set headers) or a bearer token (authorization header, or access_token).
/// Each route takes the roles <see cref="AccessPolicy"/> gives the gRPC method it wraps (<see cref="WrapsRpc"/>):
/// agent calls agent or admin credentials, the floor and reports supervisor or admin ones.
/// </summary>
public static class WebCaller
{
    private const string ItemKey = "switchboard.caller";

    public static CallerIdentity Of(HttpContext http) =>
        http.Items.TryGetValue(ItemKey, out var caller) && caller is CallerIdentity identity
            ? identity
            : throw new RpcException(new Status(StatusCode.Unauthenticated, "This call needs a credential."));

    public static IApplicationBuilder UseSwitchboardWebCredentials(this IApplicationBuilder app) =>
        app.UseWhen(http => http.Request.Path.StartsWithSegments("/api"), api => api.Use(async (http, next) =>
        {
            var query = http.Request.Query;
            var apiKey = http.Request.Headers[Authenticator.ApiKeyHeader].ToString() is { Length: > 0 } header ? header : query["access_key"].ToString();
            var authorization = http.Request.Headers.Authorization.ToString() is { Length: > 0 } bearer
                ? bearer
                : query["access_token"].ToString() is { Length: > 0 } token ? $"Bearer {token}" : null;
            CallerIdentity caller;
            try
            {
                caller = await http.RequestServices.GetRequiredService<Authenticator>().Authenticate(apiKey, authorization);
            }
            catch (RpcException e)
            {
                await ProtoJson.Refuse(http, e.StatusCode, e.Status.Detail);
                return;
            }
            // Routing ran first: the route names the gRPC method it wraps, and that method's roles apply.
            var wraps = http.GetEndpoint()?.Metadata.GetMetadata<WrapsRpc>();
            if (caller.IsOperator || (wraps is not null && !AccessPolicy.Allows(caller.Role, "/" + wraps.Method)))
            {
                await ProtoJson.Refuse(http, StatusCode.PermissionDenied, $"A {caller.Role.ToString().ToLowerInvariant()} credential may not call {http.Request.Path}.");
                return;
            }
            if (wraps is null && http.GetEndpoint() is RouteEndpoint)
            {
                await ProtoJson.Refuse(http, StatusCode.PermissionDenied, $"{http.Request.Path} names no gRPC method, so nobody may call it.");
                return;
            }
            http.Items[ItemKey] = caller;
            using (LogContext.PushProperty(LogProperties.TenantId, caller.Tenant))
            {
                await next(http);
            }
        }));
}
