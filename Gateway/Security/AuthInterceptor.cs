using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Switchboard.Gateway.Security;

/// <summary>
/// Every call but health checks and reflection: authenticate, check the role against <see cref="AccessPolicy"/>,
/// apply the per-credential limits, and for streams have <see cref="CredentialWatch"/> end them when the credential
/// is revoked (within <see cref="AuthOptions.CredentialRecheck"/>) or expires.
/// </summary>
public sealed class AuthInterceptor(Authenticator authenticator, RequestLimiter limiter, CredentialWatch credentials) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        if (!AccessPolicy.IsAnonymous(context.Method))
        {
            await Admit(context);
        }
        return await continuation(request, context);
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        if (AccessPolicy.IsAnonymous(context.Method))
        {
            await continuation(request, responseStream, context);
            return;
        }
        var caller = await Admit(context);
        await Guarded(caller, context, guarded => continuation(request, responseStream, guarded));
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        if (AccessPolicy.IsAnonymous(context.Method))
        {
            await continuation(requestStream, responseStream, context);
            return;
        }
        var caller = await Admit(context);
        await Guarded(caller, context, guarded => continuation(requestStream, responseStream, guarded));
    }

    private async Task<CallerIdentity> Admit(ServerCallContext context)
    {
        var caller = await authenticator.Authenticate(context);
        if (caller.IsOperator != AccessPolicy.IsOperatorMethod(context.Method))
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied, caller.IsOperator
                ? "The operator key may only create tenants; use a tenant's own keys for everything else."
                : "Only the operator key (Switchboard:Auth:OperatorKey) may create tenants."));
        }
        if (!caller.IsOperator && !AccessPolicy.Allows(caller.Role, context.Method))
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied,
                $"A {caller.Role.ToString().ToLowerInvariant()} credential may not call {context.Method.TrimStart('/')}."));
        }
        limiter.Admit(caller, context);
        Caller.Set(context, caller);
        return caller;
    }

    private async Task Guarded(CallerIdentity caller, ServerCallContext context, Func<ServerCallContext, Task> handler)
    {
        using var stream = limiter.OpenStream(caller);
        using var revoked = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
        using var watch = credentials.Watch(caller, revoked);
        // Grpc.AspNetCore finds the HttpContext of a substituted call context through this user-state entry.
        context.UserState["__HttpContext"] = context.GetHttpContext();
        try
        {
            await handler(new GuardedCallContext(context, revoked.Token));
        }
        catch (OperationCanceledException) when (revoked.IsCancellationRequested && !context.CancellationToken.IsCancellationRequested)
        {
            // The credential went away mid-stream; the status below says so.
        }
        if (revoked.IsCancellationRequested && !context.CancellationToken.IsCancellationRequested)
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated, "The credential of this stream was revoked or expired; reconnect with a valid one."));
        }
    }
}
