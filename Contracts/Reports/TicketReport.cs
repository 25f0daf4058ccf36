namespace Switchboard.Contracts.Reports;

/// <summary>A report's rows (days in order, or queues/agents by id) and the totals over all of them.</summary>
[GenerateSerializer, Immutable]
[Alias("switchboard.TicketReport")]
public sealed record TicketReport(
    [property: Id(0)] ReportQuery Query,
    [property: Id(1)] IReadOnlyList<ReportRow> Rows,
    [property: Id(2)] ReportRow Total);
