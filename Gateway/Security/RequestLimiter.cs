using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace Switchboard.Gateway.Security;

/// <summary>Per-credential limits: a token bucket for calls and a cap on open streams.</summary>
public sealed class RequestLimiter(IOptions<AuthOptions> options) : IDisposable
{
    public const string RetryAfterTrailer = "retry-after-ms";

    private readonly ConcurrentDictionary<string, TokenBucketRateLimiter> _buckets = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _streams = new(StringComparer.Ordinal);

    /// <summary>Takes one request from the caller's bucket, or refuses with ResourceExhausted and a retry hint.</summary>
    public void Admit(CallerIdentity caller, ServerCallContext context)
    {
        var bucket = _buckets.GetOrAdd(caller.CredentialId, _ => new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = options.Value.Burst,
            TokensPerPeriod = options.Value.RequestsPerSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
        using var lease = bucket.AttemptAcquire();
        if (!lease.IsAcquired)
        {
            var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
            context.ResponseTrailers.Add(RetryAfterTrailer, ((int)Math.Ceiling(retryAfter.TotalMilliseconds)).ToString(System.Globalization.CultureInfo.InvariantCulture));
            throw new RpcException(new Status(StatusCode.ResourceExhausted,
                $"Too many requests for this credential (limit {options.Value.RequestsPerSecond}/s); retry after {retryAfter.TotalMilliseconds:0} ms."));
        }
    }

    /// <summary>Counts an open stream against the caller's cap; dispose the result when the stream ends.</summary>
    public IDisposable OpenStream(CallerIdentity caller)
    {
        var open = _streams.AddOrUpdate(caller.CredentialId, 1, (_, n) => n + 1);
        if (open > options.Value.MaxStreamsPerKey)
        {
            Release(caller.CredentialId);
            throw new RpcException(new Status(StatusCode.ResourceExhausted,
                $"This credential already has {options.Value.MaxStreamsPerKey} streams open; close one or use another key."));
        }
        return new StreamLease(this, caller.CredentialId);
    }

    public void Dispose()
    {
        foreach (var bucket in _buckets.Values)
        {
            bucket.Dispose();
        }
    }

    private void Release(string credentialId) => _streams.AddOrUpdate(credentialId, 0, (_, n) => Math.Max(0, n - 1));

    private sealed class StreamLease(RequestLimiter limiter, string credentialId) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                limiter.Release(credentialId);
            }
        }
    }
}
