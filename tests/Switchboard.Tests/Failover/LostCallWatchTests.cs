using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Orleans.Messaging;
using Switchboard.Gateway.Cluster;

namespace Switchboard.Tests.Failover;

/// <summary>
/// The gateway's watch over calls in flight: a lost silo connection, then that silo gone from the membership table,
/// breaks the calls that were in flight at the loss, and only those.
/// </summary>
public sealed class LostCallWatchTests : IDisposable
{
    private static readonly Uri SiloA = new("gwy.tcp://127.0.0.1:30001/1");
    private static readonly Uri SiloB = new("gwy.tcp://127.0.0.1:30002/1");
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    private readonly StepClock _clock = new();
    private readonly MembershipTable _table = new([SiloA, SiloB]);
    private readonly ApplicationLifetime _lifetime = new(NullLogger<ApplicationLifetime>.Instance);
    private readonly LostCallWatch _watch;

    public LostCallWatchTests()
    {
        _watch = new LostCallWatch(_table, Options.Create(new FailoverOptions { MembershipCheckInterval = Interval, DeclarationWait = Wait }),
            _clock, _lifetime, NullLogger<LostCallWatch>.Instance);
    }

    [Fact]
    public async Task A_call_in_flight_when_its_silo_dies_is_broken_when_membership_declares_the_death()
    {
        using var before = _watch.Track();
        LoseConnection();
        await AdvanceUntil(() => _table.Reads >= 1, "the watch reads the table at the loss");
        // A call sent after the loss starts after it: the fake clock moves only when told, and the first read may
        // already be done (no advance yet), which would put this call at the very tick of the loss.
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        using var after = _watch.Track();
        Assert.False(_watch.Settled.IsCompleted);

        await AdvanceUntil(() => _table.Reads >= 3, "the watch reads the table every interval");
        Assert.False(before.Lost.IsCompleted, "no silo has left the table yet");

        _table.Active = [SiloB];
        await AdvanceUntil(() => before.Lost.IsCompleted, "the call in flight at the loss is broken");
        Assert.True(_watch.Settled.IsCompleted);
        Assert.False(after.Lost.IsCompleted, "a call sent after the loss went to a live silo");
    }

    [Fact]
    public async Task A_lost_connection_whose_silo_stays_active_breaks_nothing()
    {
        using var call = _watch.Track();
        LoseConnection();
        await AdvanceUntil(() => _watch.Settled.IsCompleted, "the watch gives up after the declaration wait");
        Assert.False(call.Lost.IsCompleted);
        Assert.True(_table.Reads >= 5, $"the watch reads the table at the loss and after each of the 4 intervals inside the 5 s wait; it read {_table.Reads} times");
    }

    [Fact]
    public void A_gateway_that_is_stopping_closes_its_connections_without_opening_a_watch()
    {
        using var call = _watch.Track();
        _lifetime.StopApplication();
        LoseConnection();
        Assert.True(_watch.Settled.IsCompleted, "no watch was opened");
        Assert.False(call.Lost.IsCompleted);
    }

    [Fact]
    public void A_finished_call_is_no_longer_tracked()
    {
        using (_watch.Track())
        {
            Assert.Equal(1, _watch.InFlight);
        }
        Assert.Equal(0, _watch.InFlight);
        Assert.True(_watch.Settled.IsCompleted, "nothing is being watched");
    }

    public void Dispose() => _watch.Dispose();

    private void LoseConnection() => ((IClusterConnectionStatusObserver)_watch).NotifyGatewayCountChanged(1, 2, false);

    /// <summary>
    /// Moves the clock on one check interval at a time until the condition holds. The watch runs on its own thread, so
    /// each step first waits (in real time, at most 5 s) for the watch to be waiting on a timer: moving the clock before
    /// that would skip a whole interval on a busy machine, and the watch would read the table fewer times than it should.
    /// </summary>
    private async Task AdvanceUntil(Func<bool> condition, string because)
    {
        for (var i = 0; i < 500; i++)
        {
            var waited = System.Diagnostics.Stopwatch.StartNew();
            while (!condition() && _clock.TimersWaiting == 0 && waited.Elapsed < TimeSpan.FromSeconds(5))
            {
                await Task.Delay(5);
            }
            if (condition())
            {
                return;
            }
            _clock.Advance(Interval);
        }
        Assert.Fail($"Not within 500 check intervals: {because}");
    }

    /// <summary>A fake clock that knows how many of its one-shot timers (each <c>Task.Delay</c> of the watch makes one) have not fired yet.</summary>
    private sealed class StepClock : FakeTimeProvider
    {
        private int _created;
        private int _fired;

        public int TimersWaiting => Volatile.Read(ref _created) - Volatile.Read(ref _fired);

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = base.CreateTimer(s =>
            {
                Interlocked.Increment(ref _fired);
                callback(s);
            }, state, dueTime, period);
            Interlocked.Increment(ref _created);
            return timer;
        }
    }

    /// <summary>The membership table as the gateway reads it: the gateway endpoints of the active silos.</summary>
    private sealed class MembershipTable(Uri[] active) : IGatewayListProvider
    {
        private int _reads;

        public Uri[] Active { get; set; } = active;

        public int Reads => Volatile.Read(ref _reads);

        public TimeSpan MaxStaleness => TimeSpan.FromMinutes(1);

        public bool IsUpdatable => true;

        public Task InitializeGatewayListProvider() => Task.CompletedTask;

        public Task<IList<Uri>> GetGateways()
        {
            IList<Uri> active = [.. Active];
            Interlocked.Increment(ref _reads);
            return Task.FromResult(active);
        }
    }
}
