using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Switchboard.Gateway.Security;

/// <summary>
/// Ends open streams whose credential stopped being valid. One loop per process re-reads, every
/// <see cref="AuthOptions.CredentialRecheck"/>, each API key that has streams open here, once however many streams
/// share it, and cancels the streams of a key revoked or gone. (Each stream used to re-read its own key on its own
/// timer: 2,000 desks signed in with one key were 1,000 lookups a second.) A bearer token's streams end when the
/// token expires, on a timer of their own; the operator's never do.
/// </summary>
public sealed class CredentialWatch(Authenticator authenticator, IOptions<AuthOptions> options, ILogger<CredentialWatch> logger) : BackgroundService
{
    /// <summary>Keys read at the same time in one round; a round must not take longer than the recheck interval.</summary>
    private const int ParallelLookups = 16;

    /// <summary>The longest delay a cancellation timer takes (about 24.8 days); tokens are issued for at most 7.</summary>
    private static readonly TimeSpan LongestTimer = TimeSpan.FromMilliseconds(int.MaxValue);

    private readonly Lock _lock = new();
    private readonly Dictionary<string, HashSet<CancellationTokenSource>> _streamsByKey = new(StringComparer.Ordinal);

    /// <summary>Watches <paramref name="caller"/>'s credential for a stream, cancelling <paramref name="revoke"/> when it goes; dispose when the stream ends.</summary>
    public IDisposable Watch(CallerIdentity caller, CancellationTokenSource revoke)
    {
        if (caller.IsOperator)
        {
            return Unwatched.Instance;
        }
        if (!caller.IsApiKey)
        {
            if (caller.ExpiresAt is { } expiresAt)
            {
                var left = expiresAt - DateTimeOffset.UtcNow;
                if (left <= TimeSpan.Zero)
                {
                    revoke.Cancel();
                }
                else if (left < LongestTimer)
                {
                    revoke.CancelAfter(left);
                }
            }
            return Unwatched.Instance;
        }
        var keyId = caller.CredentialId;
        lock (_lock)
        {
            if (!_streamsByKey.TryGetValue(keyId, out var streams))
            {
                _streamsByKey[keyId] = streams = [];
            }
            streams.Add(revoke);
        }
        return new Watched(this, keyId, revoke);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CredentialRecheck);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await Recheck(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The process is stopping; its streams end with it.
        }
    }

    /// <summary>One round: reads every watched key afresh and ends the streams of those no longer valid.</summary>
    internal async Task Recheck(CancellationToken cancellationToken)
    {
        string[] keyIds;
        lock (_lock)
        {
            keyIds = [.. _streamsByKey.Keys];
        }
        await Parallel.ForEachAsync(keyIds, new ParallelOptions { MaxDegreeOfParallelism = ParallelLookups, CancellationToken = cancellationToken },
            async (keyId, _) =>
            {
                bool valid;
                try
                {
                    valid = await authenticator.StillValid(keyId);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // Storage or the cluster is unreachable: the streams keep going, and the next round asks again.
                    logger.LogWarning(e, "Could not re-check API key {KeyId} for its open streams; trying again in {Interval}", keyId, options.Value.CredentialRecheck);
                    return;
                }
                if (!valid)
                {
                    End(keyId);
                }
            });
    }

    private void End(string keyId)
    {
        CancellationTokenSource[] streams;
        lock (_lock)
        {
            if (!_streamsByKey.Remove(keyId, out var watched))
            {
                return;
            }
            streams = [.. watched];
        }
        logger.LogInformation("API key {KeyId} was revoked or removed: ending its {Count} open streams", keyId, streams.Length);
        foreach (var stream in streams)
        {
            try
            {
                stream.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // That stream ended meanwhile.
            }
        }
    }

    private void Forget(string keyId, CancellationTokenSource revoke)
    {
        lock (_lock)
        {
            if (_streamsByKey.TryGetValue(keyId, out var streams) && streams.Remove(revoke) && streams.Count == 0)
            {
                _streamsByKey.Remove(keyId);
            }
        }
    }

    private sealed class Watched(CredentialWatch watch, string keyId, CancellationTokenSource revoke) : IDisposable
    {
        public void Dispose() => watch.Forget(keyId, revoke);
    }

    private sealed class Unwatched : IDisposable
    {
        public static readonly Unwatched Instance = new();

        public void Dispose()
        {
        }
    }
}
