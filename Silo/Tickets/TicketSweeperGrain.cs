using Microsoft.Extensions.Options;
using Switchboard.Contracts;
using Switchboard.Contracts.Tickets;
using Switchboard.Silo.Storage;

namespace Switchboard.Silo.Tickets;

/// <summary>
/// Auto-close for one tenant: every <see cref="SweepInterval"/> it reads the index for tickets solved longer ago than
/// <see cref="TicketOptions.AutoCloseAfter"/> and asks each to close (the ticket checks again against its own log). It
/// replaces one durable reminder per solved ticket: the reminder service holds every reminder of its range in memory
/// and loads them all when a silo starts, which at 10 solves a second and 4 days each is 3.5 million. The sweeper keeps
/// one reminder of its own, so it runs again after its silo is lost.
/// </summary>
public sealed class TicketSweeperGrain(ITicketLogStore store, TimeProvider clock, IOptions<TicketOptions> options, ILogger<TicketSweeperGrain> logger)
    : Grain, ITicketSweeperGrain, IRemindable
{
    private const string KeepAliveReminder = "auto-close-sweep";

    /// <summary>Tickets read and closed at a time.</summary>
    private const int Batch = 200;

    /// <summary>Batches one sweep closes at most; the rest waits for the next.</summary>
    private const int MaxBatches = 25;

    private bool _reminderSet;

    /// <summary>A quarter of the auto-close time, between 100 ms and a minute: a ticket closes at most that late.</summary>
    private TimeSpan SweepInterval => TimeSpan.FromTicks(Math.Clamp(options.Value.AutoCloseAfter.Ticks / 4, TimeSpan.FromMilliseconds(100).Ticks, TimeSpan.FromMinutes(1).Ticks));

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        this.RegisterGrainTimer(async _ => await Sweep(), new GrainTimerCreationOptions(SweepInterval, SweepInterval) { KeepAlive = true });
        return Task.CompletedTask;
    }

    async Task ITicketSweeperGrain.Watch()
    {
        if (!_reminderSet)
        {
            // Once per activation: the reminder brings the sweeper back after a restart with nothing else calling it.
            await this.RegisterOrUpdateReminder(KeepAliveReminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
            _reminderSet = true;
        }
    }

    Task<int> ITicketSweeperGrain.SweepNow() => Sweep();

    async Task IRemindable.ReceiveReminder(string reminderName, TickStatus status)
    {
        _reminderSet = true;
        await Sweep();
    }

    private async Task<int> Sweep()
    {
        var tenant = this.GetPrimaryKeyString();
        var closed = 0;
        for (var batch = 0; batch < MaxBatches; batch++)
        {
            var due = await store.ReadSolvedBeforeAsync(tenant, clock.GetUtcNow() - options.Value.AutoCloseAfter, Batch);
            var outcomes = await Task.WhenAll(due.Select(CloseIfDue));
            closed += outcomes.Count(c => c);
            // A ticket that did not close (solved again since, or its storage failed) would be read again at once.
            if (due.Count < Batch || outcomes.Contains(false))
            {
                break;
            }
        }
        return closed;

        async Task<bool> CloseIfDue(string ticketId)
        {
            try
            {
                return await GrainFactory.GetGrain<ITicketGrain>(GrainKey.For(tenant, ticketId)).CloseIfDue();
            }
#pragma warning disable CA1031 // One ticket that cannot close now must not stop the others; the next sweep tries it again.
            catch (Exception e)
#pragma warning restore CA1031
            {
                logger.LogWarning(e, "Auto-close of ticket {Tenant}/{TicketId} failed; the next sweep tries again", tenant, ticketId);
                return false;
            }
        }
    }
}
