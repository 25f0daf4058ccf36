using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Switchboard.Gateway.Errors;
using Switchboard.Gateway.Security;
using Switchboard.Gateway.Validation;
using Switchboard.Gateway.Web;

namespace Switchboard.Gateway.Tenancy;

/// <summary>
/// Which tenant a call is for: always the tenant of the caller's credential. A caller may also name it in
/// the "x-tenant-id" header; naming another tenant is refused rather than silently ignored.
/// </summary>
public static class TenantContext
{
    public const string Header = "x-tenant-id";
    public const string DefaultTenant = "demo";

    public static string Of(ServerCallContext context) => Checked(Caller.Of(context), context.RequestHeaders.GetValue(Header));

    /// <summary>For the web port: the caller its endpoint filter authenticated, and the header if sent.</summary>
    public static string Of(HttpContext context) => Checked(WebCaller.Of(context), context.Request.Headers[Header].ToString());

    private static string Checked(CallerIdentity caller, string? named)
    {
        if (!string.IsNullOrEmpty(named) && IdRules.CheckName(named) is { } problem)
        {
            RpcErrors.ThrowInvalid(Header, problem);
        }
        if (!string.IsNullOrEmpty(named) && !string.Equals(named, caller.Tenant, StringComparison.Ordinal))
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied,
                $"This credential belongs to tenant '{caller.Tenant}' and cannot act on tenant '{named}'."));
        }
        return caller.Tenant;
    }
}
