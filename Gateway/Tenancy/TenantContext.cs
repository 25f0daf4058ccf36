using Grpc.Core;
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

    public static string Of(ServerCallContext context)
    {
        var tenant = context.RequestHeaders.GetValue(Header);
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
