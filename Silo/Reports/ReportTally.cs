using Switchboard.Contracts.Reports;

namespace Switchboard.Silo.Reports;

/// <summary>The figures of one report row while a report is being built; durations kept in full for the median.</summary>
internal sealed class ReportTally
{
    private readonly List<TimeSpan> _firstReplies = [];
    private readonly List<TimeSpan> _resolutions = [];
    private readonly List<TimeSpan> _handles = [];
    private long _created;
    private long _solved;
    private long _abandoned;
    private long _assigned;
    private long _slaMeasured;
    private long _slaAchieved;
    private long _csatCount;
    private long _csatSum;

    public void Created() => _created++;

    public void Abandoned() => _abandoned++;

    public void Assigned() => _assigned++;

    public void FirstReply(TimeSpan elapsed) => _firstReplies.Add(elapsed);

    public void Handled(TimeSpan elapsed) => _handles.Add(elapsed);

    /// <summary>A solve; the resolution time when the opening is known; the SLA outcome when a policy applied.</summary>
    public void Solved(TimeSpan? resolution, bool? slaAchieved)
    {
        _solved++;
        if (resolution is { } elapsed)
        {
            _resolutions.Add(elapsed);
        }
        if (slaAchieved is { } achieved)
        {
            _slaMeasured++;
            _slaAchieved += achieved ? 1 : 0;
        }
    }

    public void Rated(int rating)
    {
        _csatCount++;
        _csatSum += rating;
    }

    public ReportRow ToRow(string key) => new(
        key, _created, _solved, _abandoned, _assigned,
        Figure(_firstReplies), Figure(_resolutions), Figure(_handles),
        _slaMeasured, _slaAchieved, _csatCount, _csatSum);

    private static DurationFigure Figure(List<TimeSpan> samples)
    {
        if (samples.Count == 0)
        {
            return DurationFigure.None;
        }
        var ticks = samples.Select(s => s.Ticks).Order().ToArray();
        var middle = ticks.Length / 2;
        var median = ticks.Length % 2 == 1 ? ticks[middle] : (ticks[middle - 1] + ticks[middle]) / 2;
        var total = ticks.Aggregate(Int128.Zero, (sum, t) => sum + t);
        return new DurationFigure(ticks.Length, TimeSpan.FromTicks((long)(total / ticks.Length)), TimeSpan.FromTicks(median));
    }
}
