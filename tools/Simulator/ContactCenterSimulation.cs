using System.Diagnostics;
using Switchboard.Simulator.Agents;
using Switchboard.Simulator.Customers;
using Switchboard.Simulator.Figures;
using Switchboard.Simulator.Load;
using Switchboard.V1;

namespace Switchboard.Simulator;

/// <summary>
/// Plays a contact center against a gateway over its public gRPC API: agents staff their desks, customers
/// arrive (Poisson) on adapter streams for the run's duration, then everyone finishes up and the figures
/// are summed up. Every wait is bounded, so a run always ends.
/// </summary>
public sealed class ContactCenterSimulation(SimulationSettings settings)
{
    private const int MaxParallelAgentStarts = 16;

    private readonly Stopwatch _clock = new();
    private SimulationRun? _run;
    private IReadOnlyList<SimulatedAgent> _agents = [];

    public SimulationSettings Settings { get; } = settings;

    /// <summary>The live figures, for a progress display; empty until the run starts.</summary>
    public SimulationFigures Figures => _run?.Figures ?? new SimulationFigures();

    public SimulationPhase Phase { get; private set; } = SimulationPhase.Staffing;

    /// <summary>Time since customers started arriving.</summary>
    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>Runs until the duration is over (or, in demo mode, until <paramref name="cancellationToken"/> fires).</summary>
    public async Task<SimulationSummary> Run(CancellationToken cancellationToken)
    {
        using var connection = new SwitchboardConnection(Settings.Address, Settings.Tenant, Settings.ApiKey);
        var run = _run = new SimulationRun(Settings, connection);
        var adapters = new List<AdapterLine>();
        try
        {
            for (var i = 1; i <= Settings.Adapters; i++)
            {
                var adapterId = $"sim-adapter-{i}";
                adapters.Add(await AdapterLine.Open(connection, adapterId, (reply, at) => Deliver(run, adapterId, reply, at), run.Figures, cancellationToken));
            }
            _agents = await StaffDesks(run, cancellationToken);
            Phase = SimulationPhase.Running;
            _clock.Start();
            var customers = await Arrivals(run, adapters, cancellationToken);

            Phase = SimulationPhase.Closing;
            await Task.WhenAll(customers).WaitAsync(Settings.DrainTimeout, CancellationToken.None).ContinueWith(static _ => { }, TaskScheduler.Default);
            await Task.WhenAll(_agents.Select(a => a.EndShift()));
            await DeliveriesSettled(run);
        }
        finally
        {
            foreach (var adapter in adapters)
            {
                await adapter.DisposeAsync();
            }
            foreach (var agent in _agents)
            {
                agent.Dispose();
            }
            _clock.Stop();
            Phase = SimulationPhase.Done;
        }
        return SimulationSummary.From(run.Figures, _clock.Elapsed, Settings.ServiceLevelTarget, Occupancy());
    }

    /// <summary>Busy time over staffed time, across all agents so far; null before anyone is staffed.</summary>
    public double? Occupancy()
    {
        var (busy, staffed) = _agents.Select(a => a.Occupancy.Read()).Aggregate((TimeSpan.Zero, TimeSpan.Zero), (sum, a) => (sum.Item1 + a.Busy, sum.Item2 + a.Staffed));
        return staffed > TimeSpan.Zero ? Math.Min(1, busy / staffed) : null;
    }

    private static async Task<IReadOnlyList<SimulatedAgent>> StaffDesks(SimulationRun run, CancellationToken cancellationToken)
    {
        var agents = Enumerable.Range(1, run.Settings.Agents).Select(i => new SimulatedAgent(run, $"sim-agent-{i:000}")).ToArray();
        await Parallel.ForEachAsync(agents, new ParallelOptions { MaxDegreeOfParallelism = MaxParallelAgentStarts, CancellationToken = cancellationToken },
            async (agent, token) => await agent.StartShift(token));
        return agents;
    }

    /// <summary>Customers arrive as a Poisson process until the duration is over; returns their visits.</summary>
    private async Task<List<Task>> Arrivals(SimulationRun run, IReadOnlyList<AdapterLine> adapters, CancellationToken cancellationToken)
    {
        using var stopWriting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var visits = new List<Task>();
        var gap = TimeSpan.FromSeconds(1 / Settings.ArrivalsPerSecond);
        var next = TimeSpan.Zero;
        var number = 0;
        try
        {
            while (Settings.Endless || next < Settings.Duration)
            {
                var wait = next - _clock.Elapsed;
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, cancellationToken);
                }
                number++;
                var conversation = new Conversation(
                    $"sim-{run.Tag}-{number}", $"customer-{run.Tag}-{number}", Settings.Channels.Pick(run.Arrivals.Uniform()), adapters[number % adapters.Count]);
                var customer = new Customer(run, conversation, new SimulationRandom((int)(run.Arrivals.Uniform() * int.MaxValue)));
                visits.Add(Task.Run(() => customer.Visit(stopWriting.Token), CancellationToken.None));
                if (visits.Count > 1000)
                {
                    visits.RemoveAll(v => v.IsCompleted);
                }
                next += run.Arrivals.Exponential(gap);
            }
            // Let the last arrivals reach the end of the duration before customers stop writing.
            var rest = Settings.Duration - _clock.Elapsed;
            if (rest > TimeSpan.Zero)
            {
                await Task.Delay(rest, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl+C: end the run early, still with a summary.
        }
        await stopWriting.CancelAsync();
        return visits;
    }

    private static void Deliver(SimulationRun run, string adapterId, OutboundMessage reply, long arrivedAt)
    {
        run.Figures.OutboundArrived();
        run.OutboundDelivery.Effect($"{reply.TicketId}#{reply.TicketSequence}", arrivedAt);
        run.Book.ByConversation(adapterId, reply.ConversationId)?.Delivered(reply);
    }

    /// <summary>Waits (bounded) until every reply sent has reached its adapter stream.</summary>
    private async Task DeliveriesSettled(SimulationRun run)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(Settings.DrainTimeout.TotalSeconds * Stopwatch.Frequency);
        while (run.Figures.OutboundDelivered < run.Figures.Replies && Stopwatch.GetTimestamp() < deadline)
        {
            await Task.Delay(50, CancellationToken.None);
        }
    }
}

public enum SimulationPhase
{
    Staffing,
    Running,
    Closing,
    Done,
}
