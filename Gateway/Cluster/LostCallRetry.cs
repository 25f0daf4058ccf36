using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Switchboard.Gateway.Cluster;

/// <summary>
/// Runs an idempotent unary RPC once more when a dead silo lost a grain call of its first attempt: by then the silo
/// is declared dead, so the second attempt reaches the grain's new activation. Anything else lost is answered
/// UNAVAILABLE by <see cref="Errors.DomainErrorInterceptor"/>.
/// </summary>
public sealed partial class LostCallRetry(IOptions<FailoverOptions> options, IServiceProvider services, ILogger<LostCallRetry> logger) : Interceptor
{
    /// <summary>Only a gateway process (an Orleans client) watches for lost calls; beside a silo, Orleans breaks them itself.</summary>
    private readonly LostCallWatch? _watch = services.GetService<LostCallWatch>();

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        if (!options.Value.RetryIdempotentCalls || !IdempotentRpcs.Contains(context.Method))
        {
            return await continuation(request, context);
        }
        return await OnceMore(() => continuation(request, context), context.Method, context.CancellationToken);
    }

    /// <summary>
    /// Runs <paramref name="attempt"/>, and once more if a dead silo lost it or a silo rejected it on the way (its
    /// target silo was going away), after membership has declared the silo dead. A second attempt that a silo rejects
    /// never reached a grain (the silos had not all heard of the death yet), so it gets a last try a moment later.
    /// </summary>
    public async Task<T> OnceMore<T>(Func<Task<T>> attempt, string what, CancellationToken cancellation = default)
    {
        try
        {
            return await attempt();
        }
        catch (Exception e) when (options.Value.RetryIdempotentCalls && e is ClusterCallLostException or OrleansMessageRejectionException)
        {
            LogRetry(logger, what, e.Message);
            if (_watch is not null)
            {
                await Task.WhenAny(_watch.Settled, Task.Delay(options.Value.DeclarationWait, cancellation));
            }
            cancellation.ThrowIfCancellationRequested();
        }
        try
        {
            return await attempt();
        }
        catch (OrleansMessageRejectionException e)
        {
            LogRejectedAgain(logger, what, e.Message);
            await Task.Delay(options.Value.MembershipCheckInterval, cancellation);
            return await attempt();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The retry of {Call} was rejected on the way; trying a last time: {Reason}")]
    private static partial void LogRejectedAgain(ILogger logger, string call, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Retrying {Call} once: {Reason}")]
    private static partial void LogRetry(ILogger logger, string call, string reason);
}
