using Grpc.Core;
using Switchboard.Gateway.Errors;
using Switchboard.Gateway.Security;
using Switchboard.Gateway.Validation;

namespace Switchboard.Gateway.Tenancy;

/// <summary>
/// Which tenant a call is for: always the tenant of the caller's credential. A caller may also name it in
/// the "x-tenant-id" header; naming another tenant is refused rather than silently ignored.
/// </summary>
public static class TenantContext
{
    public const string Header = "x-tenant-id";
    public const string DefaultTenant = "demo";

    public static string Of(ServerCallContext context)
    {
        var caller = Caller.Of(context);
        var named = context.RequestHeaders.GetValue(Header);
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
