using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Logging;

namespace Switchboard.Gateway.Errors;

/// <summary>
/// Maps the domain's refusals to gRPC statuses for every call, unary and streaming; storage that failed under a call
/// to UNAVAILABLE (or ABORTED when another writer got there first); and calls the cluster lost (a silo died
/// mid-call) to UNAVAILABLE, so clients retry instead of seeing UNKNOWN.
/// </summary>
public sealed class DomainErrorInterceptor(ILogger<DomainErrorInterceptor> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (Exception e) when (RpcErrors.IsAnswered(e))
        {
            throw RpcErrors.Answer(e, logger, context.Method);
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (Exception e) when (RpcErrors.IsAnswered(e))
        {
            throw RpcErrors.Answer(e, logger, context.Method);
        }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(requestStream, responseStream, context);
        }
        catch (Exception e) when (RpcErrors.IsAnswered(e))
        {
            throw RpcErrors.Answer(e, logger, context.Method);
        }
    }
}
