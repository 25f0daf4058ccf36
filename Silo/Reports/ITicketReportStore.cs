namespace Switchboard.Silo.Reports;

/// <summary>Reads the ticket log for reports, as plain SQL over the event table of the store the silo uses.</summary>
public interface ITicketReportStore
{
    /// <summary>
    /// The report kinds (<see cref="ReportEvent.KindsSql"/>) of every ticket with at least one event in
    /// [<paramref name="from"/>, <paramref name="to"/>), from the ticket's start up to <paramref name="to"/>
    /// (so a reply in range finds its ticket's opening before it), grouped by ticket and in log order.
    /// </summary>
    IAsyncEnumerable<ReportEvent> ReadAsync(string tenant, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default);
}
