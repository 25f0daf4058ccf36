using Google.Protobuf;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Serilog.Context;
using Switchboard.Contracts.Telemetry;
using Switchboard.Gateway.Security;

namespace Switchboard.Gateway.Telemetry;

/// <summary>
/// Tags every log event written while a call runs with the caller's tenant and, when the request names them,
/// the ticket and agent it is about (the <c>ticket_id</c> and <c>agent_id</c> fields every such request uses).
/// Runs after <see cref="AuthInterceptor"/>, which establishes the caller.
/// </summary>
public sealed class CallLogContextInterceptor : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        using var scope = Push(context, request as IMessage);
        return await continuation(request, context);
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        using var scope = Push(context, request as IMessage);
        await continuation(request, responseStream, context);
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        using var scope = Push(context, request: null);
        await continuation(requestStream, responseStream, context);
    }

    private static LogScope Push(ServerCallContext context, IMessage? request)
    {
        if (Caller.TryOf(context) is not { } caller)
        {
            return default;
        }
        return new LogScope(
            LogContext.PushProperty(LogProperties.TenantId, caller.Tenant),
            FieldOf(request, "ticket_id") is { } ticket ? LogContext.PushProperty(LogProperties.TicketId, ticket) : null,
            (FieldOf(request, "agent_id") ?? caller.AgentId) is { } agent ? LogContext.PushProperty(LogProperties.AgentId, agent) : null);
    }

    private static string? FieldOf(IMessage? request, string name) =>
        request?.Descriptor.FindFieldByName(name)?.Accessor.GetValue(request) is string { Length: > 0 } value ? value : null;

    private readonly struct LogScope(IDisposable? tenant, IDisposable? ticket, IDisposable? agent) : IDisposable
    {
        public void Dispose()
        {
            agent?.Dispose();
            ticket?.Dispose();
            tenant?.Dispose();
        }
    }
}
