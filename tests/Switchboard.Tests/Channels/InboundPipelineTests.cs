using Switchboard.Gateway.Channels;

namespace Switchboard.Tests.Channels;

public sealed class InboundPipelineTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Messages_of_other_conversations_do_not_wait_for_a_slow_one_and_one_conversation_keeps_its_order()
    {
        var slow = new TaskCompletionSource();
        var other = new TaskCompletionSource();
        var done = new List<string>();
        using var pipeline = new InboundPipeline<string>(8, async batch =>
        {
            if (batch[0] == "a-1")
            {
                await slow.Task;
            }
            Record(done, batch);
            if (batch[0] == "b-1")
            {
                other.SetResult();
            }
        });
        await pipeline.Add("a", "a-1", CancellationToken.None);
        await pipeline.Add("a", "a-2", CancellationToken.None);
        await pipeline.Add("b", "b-1", CancellationToken.None);

        await other.Task.WaitAsync(Patience);
        Assert.Equal(["b-1"], Snapshot(done));
        slow.SetResult();
        await pipeline.Drain().WaitAsync(Patience);
        Assert.Equal(["b-1", "a-1", "a-2"], Snapshot(done));
    }

    [Fact]
    public async Task Messages_that_wait_behind_their_conversation_s_batch_are_stored_together_in_order()
    {
        var first = new TaskCompletionSource();
        var batches = new List<string>();
        using var pipeline = new InboundPipeline<string>(8, async batch =>
        {
            if (batch[0] == "a-1")
            {
                await first.Task;
            }
            Record(batches, [string.Join(" ", batch)]);
        });
        foreach (var message in new[] { "a-1", "a-2", "a-3", "a-4" })
        {
            await pipeline.Add("a", message, CancellationToken.None);
        }

        first.SetResult();
        await pipeline.Drain().WaitAsync(Patience);
        Assert.Equal(["a-1", "a-2 a-3 a-4"], Snapshot(batches));
    }

    [Fact]
    public async Task A_full_pipeline_takes_no_more_until_a_message_finishes()
    {
        var release = new TaskCompletionSource();
        using var pipeline = new InboundPipeline<string>(2, batch => batch[0] == "c" ? Task.CompletedTask : release.Task);
        await pipeline.Add("a", "a", CancellationToken.None);
        await pipeline.Add("b", "b", CancellationToken.None);

        var third = pipeline.Add("c", "c", CancellationToken.None);
        await Task.Delay(200);
        Assert.False(third.IsCompleted);
        release.SetResult();
        await third.WaitAsync(Patience);
        await pipeline.Drain().WaitAsync(Patience);
    }

    [Fact]
    public async Task A_failure_cancels_reading_skips_the_conversation_s_later_messages_and_is_thrown_by_drain()
    {
        var failing = new TaskCompletionSource();
        var ran = new List<string>();
        using var pipeline = new InboundPipeline<string>(4, async batch =>
        {
            if (batch[0] == "a-1")
            {
                await failing.Task;
                throw new InvalidOperationException("storage went away");
            }
            Record(ran, batch);
        });
        await pipeline.Add("a", "a-1", CancellationToken.None);
        await pipeline.Add("a", "a-2", CancellationToken.None);
        failing.SetResult();

        await Task.Delay(Timeout.Infinite, pipeline.Failed).ContinueWith(_ => { }, TaskScheduler.Default).WaitAsync(Patience);
        var thrown = await Assert.ThrowsAsync<InvalidOperationException>(pipeline.Drain);
        Assert.Equal("storage went away", thrown.Message);
        Assert.Empty(Snapshot(ran));
    }

    private static void Record(List<string> log, IEnumerable<string> entries)
    {
        lock (log)
        {
            log.AddRange(entries);
        }
    }

    private static string[] Snapshot(List<string> log)
    {
        lock (log)
        {
            return [.. log];
        }
    }
}
