using System.Globalization;
using Switchboard.Contracts;
using Switchboard.Contracts.Reports;

namespace Switchboard.Silo.Reports;

/// <summary>
/// Builds a report from ticket logs, one ticket at a time: each ticket's rows are walked in order, and each
/// figure is counted once, in the row of the event that completes it (README "Reports" defines each). Nothing
/// is kept between reports; the logs are the only source.
/// </summary>
public sealed class TicketReportBuilder
{
    private readonly ReportQuery _query;
    private readonly TimeZoneInfo _zone;
    private readonly SortedDictionary<string, ReportTally> _rows = new(StringComparer.Ordinal);
    private readonly ReportTally _total = new();

    public TicketReportBuilder(ReportQuery query)
    {
        _query = query;
        _zone = ReportQuery.FindZone(query.TimeZone) ?? throw SwitchboardException.Invalid("time_zone", $"'{query.TimeZone}' is not a known IANA time zone (e.g. Europe/Paris, UTC)");
        if (query.GroupBy == ReportGrouping.Day)
        {
            // Every day of the range gets a row, quiet days too, so a chart has no gaps.
            var last = DayOf(query.To.AddTicks(-1));
            for (var day = DayOf(query.From); day <= last; day = day.AddDays(1))
            {
                _rows[DayKey(day)] = new ReportTally();
            }
        }
    }

    /// <summary>Reads the rows as the store yields them (grouped by ticket, in log order) and builds the report.</summary>
    public static async Task<TicketReport> BuildAsync(ReportQuery query, IAsyncEnumerable<ReportEvent> events, CancellationToken cancellationToken = default)
    {
        var builder = new TicketReportBuilder(query);
        var log = new List<ReportEvent>();
        await foreach (var row in events.WithCancellation(cancellationToken))
        {
            if (log.Count > 0 && !string.Equals(log[0].TicketId, row.TicketId, StringComparison.Ordinal))
            {
                builder.AddTicket(log);
                log.Clear();
            }
            log.Add(row);
        }
        if (log.Count > 0)
        {
            builder.AddTicket(log);
        }
        return builder.ToReport();
    }

    /// <summary>Counts one ticket's log (its report rows, in order, from its opening).</summary>
    public void AddTicket(IReadOnlyList<ReportEvent> log)
    {
        var walk = new TicketWalk(this);
        foreach (var row in log)
        {
            walk.Take(row);
        }
        walk.End();
    }

    public TicketReport ToReport() =>
        new(_query, _rows.Select(r => r.Value.ToRow(r.Key)).ToArray(), _total.ToRow(""));

    /// <summary>Counts a figure whose completing event happened at <paramref name="at"/>, if that is in the range.</summary>
    private void Count(DateTimeOffset at, string? queueId, string? agentId, Action<ReportTally> figure)
    {
        if (at < _query.From || at >= _query.To)
        {
            return;
        }
        var key = _query.GroupBy switch
        {
            ReportGrouping.Day => DayKey(DayOf(at)),
            ReportGrouping.Queue => queueId ?? "",
            ReportGrouping.Agent => agentId ?? "",
            _ => throw new InvalidOperationException($"Unknown report grouping {_query.GroupBy}."),
        };
        if (!_rows.TryGetValue(key, out var tally))
        {
            _rows[key] = tally = new ReportTally();
        }
        figure(tally);
        figure(_total);
    }

    private DateOnly DayOf(DateTimeOffset at) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, _zone).DateTime);

    private static string DayKey(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Where one ticket stands as its log is walked: the facts a later event's figure depends on.</summary>
    private sealed class TicketWalk(TicketReportBuilder report)
    {
        private DateTimeOffset? _openedAt;
        private DateTimeOffset? _createdAt;
        private string? _queueId;
        private bool _replied;
        private string? _handler;
        private DateTimeOffset _handlingSince;
        private string? _lastAgentId;
        private bool _underPolicy;
        private bool _breached;

        public void Take(ReportEvent row)
        {
            switch (row.Kind)
            {
                case "opened":
                    _openedAt = row.At;
                    _createdAt = row.At;
                    break;
                case "queued":
                    EndHandling(row.At);
                    _queueId = row.QueueId;
                    CountCreated();
                    break;
                case "assigned":
                    EndHandling(row.At);
                    _handler = row.AgentId;
                    _handlingSince = row.At;
                    _lastAgentId = row.AgentId;
                    report.Count(row.At, _queueId, row.AgentId, t => t.Assigned());
                    break;
                case "agent_reply":
                    Replied(row);
                    break;
                case "macro_applied" or "updated":
                    if (row.PublicReply)
                    {
                        Replied(row);
                    }
                    if (row.NewStatus == "solved")
                    {
                        Solved(row);
                    }
                    break;
                case "solved":
                    Solved(row);
                    break;
                case "transferred" or "unassigned" or "closed":
                    EndHandling(row.At);
                    break;
                case "sla_policy_applied":
                    _underPolicy = row.PolicyId is not null;
                    break;
                case "sla_breached":
                    _breached = true;
                    break;
                case "csat_rated" when row.Rating is >= 1 and <= 5:
                    var rating = row.Rating.Value;
                    report.Count(row.At, row.QueueId ?? _queueId, row.AgentId ?? _lastAgentId, t => t.Rated(rating));
                    break;
                case "abandoned":
                    report.Count(row.At, row.QueueId ?? _queueId, null, t => t.Abandoned());
                    break;
            }
        }

        /// <summary>A ticket that never reached a queue (before the range ended) still counts as created.</summary>
        public void End() => CountCreated();

        private void CountCreated()
        {
            if (_createdAt is { } at)
            {
                report.Count(at, _queueId, null, t => t.Created());
                _createdAt = null;
            }
        }

        private void Replied(ReportEvent row)
        {
            if (_replied || _openedAt is not { } openedAt)
            {
                return;
            }
            _replied = true;
            report.Count(row.At, _queueId, row.AgentId, t => t.FirstReply(row.At - openedAt));
        }

        private void Solved(ReportEvent row)
        {
            var agentId = row.AgentId ?? _handler ?? _lastAgentId;
            TimeSpan? resolution = _openedAt is { } openedAt ? row.At - openedAt : null;
            bool? achieved = _underPolicy ? !_breached : null;
            report.Count(row.At, _queueId, agentId, t => t.Solved(resolution, achieved));
            EndHandling(row.At);
            _lastAgentId = agentId;
        }

        private void EndHandling(DateTimeOffset at)
        {
            if (_handler is { } agentId)
            {
                var since = _handlingSince;
                report.Count(at, _queueId, agentId, t => t.Handled(at - since));
                _handler = null;
            }
        }
    }
}
