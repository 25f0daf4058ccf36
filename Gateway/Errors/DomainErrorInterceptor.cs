using Grpc.Core;
using Grpc.Core.Interceptors;
using Switchboard.Contracts;

namespace Switchboard.Gateway.Errors;

/// <summary>
/// Maps the domain's refusals to gRPC statuses for every call, unary and streaming, and calls the cluster lost (a
/// silo died mid-call) to UNAVAILABLE, so clients retry instead of seeing UNKNOWN.
/// </summary>
public sealed class DomainErrorInterceptor : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (SwitchboardException e)
        {
            throw RpcErrors.From(e);
        }
        catch (Exception e) when (RpcErrors.IsClusterLoss(e))
        {
            throw RpcErrors.Unavailable(e);
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (SwitchboardException e)
        {
            throw RpcErrors.From(e);
        }
        catch (Exception e) when (RpcErrors.IsClusterLoss(e))
        {
            throw RpcErrors.Unavailable(e);
        }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(requestStream, responseStream, context);
        }
        catch (SwitchboardException e)
        {
            throw RpcErrors.From(e);
        }
        catch (Exception e) when (RpcErrors.IsClusterLoss(e))
        {
            throw RpcErrors.Unavailable(e);
        }
    }
}
