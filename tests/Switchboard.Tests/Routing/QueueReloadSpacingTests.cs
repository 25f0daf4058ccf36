using Switchboard.Silo.Routing;

namespace Switchboard.Tests.Routing;

/// <summary>
/// A queue checks its line against the store's waiting tickets, reading all of them: every 10 s for a line of up to
/// 5,000, and 10 s less often per 5,000 more, so a long backlog is not read over again every 10 s.
/// </summary>
public sealed class QueueReloadSpacingTests
{
    [Theory]
    [InlineData(0, 10)]
    [InlineData(1, 10)]
    [InlineData(5_000, 10)]
    [InlineData(5_001, 20)]
    [InlineData(70_000, 140)]
    public void A_longer_line_is_checked_against_the_store_less_often(int waiting, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), QueueGrain.ReloadSpacing(waiting));
}
