using Grpc.Core;
using Switchboard.Contracts.Security;

namespace Switchboard.Gateway.Security;

/// <summary>The authenticated caller of a call, and the per-resource checks services make with it.</summary>
public static class Caller
{
    private const string StateKey = "switchboard.caller";

    public static void Set(ServerCallContext context, CallerIdentity caller) => context.UserState[StateKey] = caller;

    public static CallerIdentity Of(ServerCallContext context) =>
        context.UserState.TryGetValue(StateKey, out var caller) && caller is CallerIdentity identity
            ? identity
            : throw new RpcException(new Status(StatusCode.Unauthenticated, "This call needs a credential."));

    /// <summary>The caller, or null for calls that need no credential (health checks, reflection).</summary>
    public static CallerIdentity? TryOf(ServerCallContext context) =>
        context.UserState.TryGetValue(StateKey, out var caller) ? caller as CallerIdentity : null;

    /// <summary>An agent credential acts only as its own agent; supervisors and admins may act for any.</summary>
    public static void EnsureActsAsAgent(ServerCallContext context, string agentId) => EnsureActsAsAgent(Of(context), agentId);

    public static void EnsureActsAsAgent(CallerIdentity caller, string agentId)
    {
        if (caller.Role == CallerRole.Agent && !string.Equals(caller.AgentId, agentId, StringComparison.Ordinal))
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied,
                $"This credential acts as agent '{caller.AgentId}', not '{agentId}'."));
        }
    }

    /// <summary>An adapter credential streams only as its own adapter id.</summary>
    public static void EnsureActsAsAdapter(ServerCallContext context, string adapterId)
    {
        var caller = Of(context);
        if (caller.Role == CallerRole.Adapter && !string.Equals(caller.AdapterId, adapterId, StringComparison.Ordinal))
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied,
                $"This credential belongs to adapter '{caller.AdapterId}', not '{adapterId}'."));
        }
    }
}
