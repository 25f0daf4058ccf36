using Switchboard.Gateway.Channels;

namespace Switchboard.Tests.Channels;

public sealed class InboundPipelineTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Messages_of_other_conversations_do_not_wait_for_a_slow_one_and_one_conversation_keeps_its_order()
    {
        using var pipeline = new InboundPipeline(8);
        var slow = new TaskCompletionSource();
        var done = new List<string>();
        await pipeline.Add("a", async () => { await slow.Task; Record(done, "a-1"); }, CancellationToken.None);
        await pipeline.Add("a", () => { Record(done, "a-2"); return Task.CompletedTask; }, CancellationToken.None);
        var other = new TaskCompletionSource();
        await pipeline.Add("b", () => { Record(done, "b-1"); other.SetResult(); return Task.CompletedTask; }, CancellationToken.None);

        await other.Task.WaitAsync(Patience);
        Assert.Equal(["b-1"], Snapshot(done));
        slow.SetResult();
        await pipeline.Drain().WaitAsync(Patience);
        Assert.Equal(["b-1", "a-1", "a-2"], Snapshot(done));
    }

    [Fact]
    public async Task A_full_pipeline_takes_no_more_until_a_message_finishes()
    {
        using var pipeline = new InboundPipeline(2);
        var release = new TaskCompletionSource();
        await pipeline.Add("a", () => release.Task, CancellationToken.None);
        await pipeline.Add("b", () => release.Task, CancellationToken.None);

        var third = pipeline.Add("c", () => Task.CompletedTask, CancellationToken.None);
        await Task.Delay(200);
        Assert.False(third.IsCompleted);
        release.SetResult();
        await third.WaitAsync(Patience);
        await pipeline.Drain().WaitAsync(Patience);
    }

    [Fact]
    public async Task A_failure_cancels_reading_skips_the_conversation_s_later_messages_and_is_thrown_by_drain()
    {
        using var pipeline = new InboundPipeline(4);
        var ran = new List<string>();
        await pipeline.Add("a", () => throw new InvalidOperationException("storage went away"), CancellationToken.None);
        await pipeline.Add("a", () => { Record(ran, "a-2"); return Task.CompletedTask; }, CancellationToken.None);

        await Task.Delay(Timeout.Infinite, pipeline.Failed).ContinueWith(_ => { }, TaskScheduler.Default).WaitAsync(Patience);
        var thrown = await Assert.ThrowsAsync<InvalidOperationException>(pipeline.Drain);
        Assert.Equal("storage went away", thrown.Message);
        Assert.Empty(Snapshot(ran));
    }

    private static void Record(List<string> log, string entry)
    {
        lock (log)
        {
            log.Add(entry);
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
