using System.Globalization;
using System.Text;
using Switchboard.Simulator.Figures;

namespace Switchboard.Simulator.Terminal;

/// <summary>
/// Live progress: on a terminal, a bar and a few figures redrawn in place with plain ANSI codes; when
/// output goes to a file or a pipe, one plain line every few seconds instead.
/// </summary>
public sealed class ProgressDisplay(ContactCenterSimulation simulation, TextWriter output, bool isTerminal)
{
    private const int BarWidth = 30;
    private const int Lines = 2;

    private bool _drawn;

    public TimeSpan Interval => isTerminal ? TimeSpan.FromMilliseconds(250) : TimeSpan.FromSeconds(5);

    /// <summary>Redraws until <paramref name="stop"/> fires, then clears the live lines.</summary>
    public async Task Show(CancellationToken stop)
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                Draw();
            }
        }
        catch (OperationCanceledException)
        {
            // The run is over.
        }
        if (isTerminal && _drawn)
        {
            output.Write($"\u001b[{Lines}F\u001b[0J");
        }
    }

    private void Draw()
    {
        if (simulation.Phase == SimulationPhase.Staffing)
        {
            return;
        }
        var settings = simulation.Settings;
        var figures = simulation.Figures;
        var elapsed = simulation.Elapsed;
        var first = settings.Endless
            ? $"demo {elapsed:hh\\:mm\\:ss} (Ctrl+C to stop)"
            : $"{Bar(elapsed / settings.Duration)} {Math.Min(100, elapsed / settings.Duration * 100),3:0}% {elapsed.TotalSeconds,4:0}/{settings.Duration.TotalSeconds:0} s";
        if (simulation.Phase == SimulationPhase.Closing)
        {
            first += "  closing: agents finishing up";
        }
        var ack = figures.InboundAck.Figures();
        var second = string.Create(CultureInfo.InvariantCulture,
            $"conversations {figures.Conversations} (waiting {figures.Waiting}, abandoned {figures.Abandoned})  messages {figures.InboundAcked} in / {figures.OutboundDelivered} out  " +
            $"agents busy {figures.BusyAgents}/{settings.Agents}  ack p99 {(ack is null ? "-" : $"{ack.P99Ms:0.0} ms")}  errors {figures.Errors}");
        if (!isTerminal)
        {
            output.WriteLine($"{first}  {second}");
            return;
        }
        var frame = new StringBuilder();
        if (_drawn)
        {
            frame.Append($"\u001b[{Lines}F");
        }
        frame.Append("\u001b[2K").Append(Fit(first)).Append('\n').Append("\u001b[2K").Append(Fit(second)).Append('\n');
        output.Write(frame.ToString());
        output.Flush();
        _drawn = true;
    }

    // A line wider than the terminal wraps, and the cursor-up redraw would then climb too little.
    private static string Fit(string line)
    {
        var width = Console.WindowWidth > 0 ? Console.WindowWidth - 1 : 120;
        return line.Length <= width ? line : line[..width];
    }

    private static string Bar(double done)
    {
        var filled = (int)Math.Round(Math.Clamp(done, 0, 1) * BarWidth);
        return $"[{new string('#', filled)}{new string('.', BarWidth - filled)}]";
    }

    /// <summary>The closing summary.</summary>
    public static void Summarise(TextWriter output, SimulationSummary summary)
    {
        output.WriteLine();
        output.WriteLine("Summary");
        output.Write(summary.ToTable());
    }
}
