using Grpc.Core;

namespace Switchboard.Benchmarks.Measures;

/// <summary>
/// Drives a bidirectional stream as a busy adapter does: keeps up to a window of frames unacknowledged,
/// so the server always has the next frame waiting. The same driver runs the product and the echo baseline.
/// </summary>
public static class PipelinedStream
{
    /// <summary>
    /// Sends <paramref name="count"/> frames and returns when all are acked; <paramref name="isAck"/> throws on a rejection.
    /// <paramref name="pace"/>, when given, is awaited before each frame (a paced sender waits for the frame's slot
    /// there, without holding a thread: the node under test shares this process's thread pool).
    /// </summary>
    public static async Task Drive<TRequest, TResponse>(
        AsyncDuplexStreamingCall<TRequest, TResponse> call, int count, int window, Func<int, TRequest> frame, Func<TResponse, bool> isAck,
        Func<int, Task>? pace = null)
    {
        using var inFlight = new SemaphoreSlim(window);
        var reader = Task.Run(async () =>
        {
            var acked = 0;
            while (acked < count && await call.ResponseStream.MoveNext(CancellationToken.None))
            {
                if (isAck(call.ResponseStream.Current))
                {
                    acked++;
                    inFlight.Release();
                }
            }
            if (acked < count)
            {
                throw new InvalidOperationException($"The stream ended after {acked} of {count} acks.");
            }
        });
        for (var i = 0; i < count; i++)
        {
            if (pace is not null)
            {
                await pace(i);
            }
            await inFlight.WaitAsync();
            await call.RequestStream.WriteAsync(frame(i));
        }
        await reader;
        // A graceful close: the server ends the call once it has read the end of the request stream.
        await call.RequestStream.CompleteAsync();
        while (await call.ResponseStream.MoveNext(CancellationToken.None))
        {
        }
    }
}
