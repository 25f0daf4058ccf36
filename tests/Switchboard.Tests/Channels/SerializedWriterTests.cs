using Grpc.Core;
using Switchboard.Gateway.Hub;

namespace Switchboard.Tests.Channels;

/// <summary>
/// The shared response-stream writer: producers' messages all go out, each producer's in its order, with a flush
/// whenever nobody else waits to write, so nothing written is left sitting in the buffer.
/// </summary>
public sealed class SerializedWriterTests
{
    [Fact]
    public async Task A_batch_goes_out_in_order_with_one_flush_at_its_end()
    {
        var stream = new RecordingStream();
        using var writer = new SerializedWriter<int>(stream);

        await writer.WriteAll([1, 2, 3, 4], CancellationToken.None);

        Assert.Equal([1, 2, 3, 4], stream.Messages);
        Assert.Equal([false, false, false, true], stream.Flushes);
    }

    [Fact]
    public async Task A_long_batch_still_flushes_every_64_messages()
    {
        var stream = new RecordingStream();
        using var writer = new SerializedWriter<int>(stream);

        await writer.WriteAll(Enumerable.Range(0, 150).ToArray(), CancellationToken.None);

        Assert.Equal(Enumerable.Range(0, 150), stream.Messages);
        Assert.Equal([63, 127, 149], stream.Flushes.Select((flushed, i) => (flushed, i)).Where(w => w.flushed).Select(w => w.i));
    }

    [Fact]
    public async Task Concurrent_producers_keep_their_order_and_the_last_write_always_flushes()
    {
        var stream = new RecordingStream { WriteDelay = TimeSpan.FromMilliseconds(1) };
        using var writer = new SerializedWriter<int>(stream);

        // 8 producers, each writing 50 batches of 1-3 messages (99 in all) numbered producer * 1000 + n.
        await Task.WhenAll(Enumerable.Range(0, 8).Select(producer => Task.Run(async () =>
        {
            var n = 0;
            for (var batch = 0; batch < 50; batch++)
            {
                var size = 1 + (batch % 3);
                await writer.WriteAll(Enumerable.Range(n, size).Select(i => (producer * 1000) + i).ToArray(), CancellationToken.None);
                n += size;
            }
        })));

        Assert.Equal(8 * 99, stream.Messages.Count);
        foreach (var producer in stream.Messages.GroupBy(m => m / 1000))
        {
            Assert.Equal(Enumerable.Range(0, 99).Select(i => (producer.Key * 1000) + i), producer);
        }
        Assert.True(stream.Flushes[^1], "the last message written was left in the buffer");
        Assert.True(stream.Flushes.Count(f => f) < stream.Flushes.Count, "writers waiting behind each other shared flushes");
    }

    /// <summary>A response stream that records each message and whether its write flushed (no buffer hint).</summary>
    private sealed class RecordingStream : IServerStreamWriter<int>
    {
        private readonly Lock _lock = new();
        private int _writing;

        public List<int> Messages { get; } = [];

        public List<bool> Flushes { get; } = [];

        public TimeSpan WriteDelay { get; init; }

        public WriteOptions? WriteOptions { get; set; }

        public async Task WriteAsync(int message)
        {
            Assert.Equal(1, Interlocked.Increment(ref _writing));
            var flushed = ((WriteOptions?.Flags ?? default) & WriteFlags.BufferHint) == 0;
            lock (_lock)
            {
                Messages.Add(message);
                Flushes.Add(flushed);
            }
            if (WriteDelay > TimeSpan.Zero)
            {
                await Task.Delay(WriteDelay);
            }
            Interlocked.Decrement(ref _writing);
        }
    }
}
