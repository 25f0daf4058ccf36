namespace Switchboard.Contracts.Reports;

/// <summary>Reports of a tenant, keyed "{tenant}": computed on each call from the ticket logs, so a restart loses nothing.</summary>
[Alias("switchboard.IReportGrain")]
public interface IReportGrain : IGrainWithStringKey
{
    [Alias("Build")]
    Task<TicketReport> Build(ReportQuery query);
}
