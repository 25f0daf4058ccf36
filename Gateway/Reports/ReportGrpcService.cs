using System.Text;
using Google.Protobuf;
using Grpc.Core;
using Switchboard.Contracts.Reports;
using Switchboard.Gateway.Mapping;
using Switchboard.Gateway.Tenancy;
using Switchboard.Gateway.Validation;
using Switchboard.V1;
using TicketReport = Switchboard.Contracts.Reports.TicketReport;

namespace Switchboard.Gateway.Reports;

/// <summary>Reports over the ticket logs, as figures or CSV; the web port's /api/reports.csv takes the same path.</summary>
public sealed class ReportGrpcService(IGrainFactory grains) : ReportService.ReportServiceBase
{
    public override Task<GetReportResponse> GetReport(GetReportRequest request, ServerCallContext context) =>
        Report(grains, TenantContext.Of(context), request);

    /// <summary>The report for a tenant, validated and built by the silo; the web port's /api/reports/get-report calls it too.</summary>
    public static async Task<GetReportResponse> Report(IGrainFactory grains, string tenant, GetReportRequest request)
    {
        var query = RequestValidator.Report(request.StartTime, request.EndTime, request.TimeZone, request.GroupBy);
        return ReportWire.ToWire(await Build(grains, tenant, query));
    }

    public override Task<ExportReportCsvResponse> ExportReportCsv(ExportReportCsvRequest request, ServerCallContext context) =>
        ExportCsv(grains, TenantContext.Of(context), request);

    /// <summary>The CSV export for a tenant: validated, built by the silo, written out.</summary>
    public static async Task<ExportReportCsvResponse> ExportCsv(IGrainFactory grains, string tenant, ExportReportCsvRequest request)
    {
        var query = RequestValidator.Report(request.StartTime, request.EndTime, request.TimeZone, request.GroupBy);
        var report = await Build(grains, tenant, query);
        return new ExportReportCsvResponse
        {
            Csv = ByteString.CopyFrom(ReportCsv.Write(report), Encoding.UTF8),
            FileName = ReportCsv.FileName(query),
        };
    }

    private static Task<TicketReport> Build(IGrainFactory grains, string tenant, ReportQuery query) =>
        grains.GetGrain<IReportGrain>(tenant).Build(query);
}
