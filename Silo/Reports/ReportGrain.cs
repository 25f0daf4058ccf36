using Switchboard.Contracts.Reports;

namespace Switchboard.Silo.Reports;

/// <summary>
/// Builds a tenant's reports on whichever silo takes the call: it holds nothing, reading the ticket logs
/// through the silo's <see cref="ITicketReportStore"/> each time.
/// </summary>
[StatelessWorker]
public sealed class ReportGrain(ITicketReportStore store) : Grain, IReportGrain
{
    Task<TicketReport> IReportGrain.Build(ReportQuery query) =>
        TicketReportBuilder.BuildAsync(query, store.ReadAsync(this.GetPrimaryKeyString(), query.From, query.To));
}
