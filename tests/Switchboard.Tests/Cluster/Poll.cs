namespace Switchboard.Tests.Cluster;

/// <summary>Waits, bounded, for what grains do asynchronously (one-way calls, timers); never a bare sleep.</summary>
internal static class Poll
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    /// <summary>Reads until the value satisfies the condition and returns it; fails with the last value at the deadline.</summary>
    public static async Task<T> Until<T>(Func<Task<T>> read, Func<T, bool> condition, string because)
    {
        var deadline = DateTime.UtcNow + Deadline;
        while (true)
        {
            var value = await read();
            if (condition(value))
            {
                return value;
            }
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Not within {Deadline.TotalSeconds} s: {because}. Last seen: {value}");
            }
            await Task.Delay(20);
        }
    }
}
