namespace Switchboard.EndToEnd.Harness;

/// <summary>Waits, bounded, for a condition that another process or grain makes true asynchronously.</summary>
public static class Eventually
{
    public static async Task Until(Func<Task<bool>> condition, TimeSpan? wait = null, string? because = null)
    {
        var deadline = DateTime.UtcNow + (wait ?? TimeSpan.FromSeconds(15));
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Condition not met within {(wait ?? TimeSpan.FromSeconds(15)).TotalSeconds} s{(because is null ? "" : ": " + because)}");
            }
            await Task.Delay(50);
        }
    }
}
