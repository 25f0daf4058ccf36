using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Switchboard.Gateway.Errors;
using Switchboard.Gateway.Validation;

namespace Switchboard.Gateway.Tenancy;

/// <summary>
/// Which tenant a call is for. Until authentication binds callers to tenants, the caller names it in the
/// "x-tenant-id" header; without one, calls go to the "demo" tenant.
/// </summary>
public static class TenantContext
{
    public const string Header = "x-tenant-id";
    public const string DefaultTenant = "demo";

    public static string Of(ServerCallContext context) => Checked(context.RequestHeaders.GetValue(Header));

    /// <summary>For the web port: the header, or a "tenant" query parameter (browsers' EventSource cannot set headers).</summary>
    public static string Of(HttpContext context)
    {
        var header = context.Request.Headers[Header].ToString();
        return Checked(header.Length > 0 ? header : context.Request.Query["tenant"].ToString());
    }

    private static string Checked(string? tenant)
    {
        if (string.IsNullOrEmpty(tenant))
        {
            return DefaultTenant;
        }
        if (IdRules.CheckName(tenant) is { } problem)
        {
            RpcErrors.ThrowInvalid(Header, problem);
        }
        return tenant;
    }
}
