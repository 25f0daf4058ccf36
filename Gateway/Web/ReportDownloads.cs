using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Switchboard.Contracts;
using Switchboard.Gateway.Errors;
using Switchboard.Gateway.Reports;
using Switchboard.Gateway.Tenancy;
using Switchboard.V1;

namespace Switchboard.Gateway.Web;

/// <summary>
/// GET /api/reports.csv?start_time=2026-01-01T00:00:00Z&amp;end_time=...&amp;time_zone=Europe/Paris&amp;group_by=day:
/// the ExportReportCsv call for a browser link or a spreadsheet's web query, with the same credentials as /api.
/// </summary>
public static class ReportDownloads
{
    public static async Task Csv(HttpContext http, IGrainFactory grains)
    {
        try
        {
            var tenant = TenantContext.Of(http);
            var query = http.Request.Query;
            var request = new ExportReportCsvRequest
            {
                StartTime = Instant("start_time", query["start_time"].ToString()),
                EndTime = Instant("end_time", query["end_time"].ToString()),
                TimeZone = query["time_zone"].ToString(),
                GroupBy = Grouping(query["group_by"].ToString()),
            };
            var export = await ReportGrpcService.ExportCsv(grains, tenant, request);
            http.Response.ContentType = "text/csv; charset=utf-8";
            http.Response.Headers.ContentDisposition = $"attachment; filename=\"{export.FileName}\"";
            await http.Response.Body.WriteAsync(export.Csv.Memory, http.RequestAborted);
        }
        catch (RpcException e)
        {
            await ProtoJson.Refuse(http, e.StatusCode, e.Status.Detail);
        }
        catch (Exception e) when (RpcErrors.IsAnswered(e))
        {
            await ProtoJson.Refuse(http, e);
        }
    }

    private static Timestamp? Instant(string field, string text)
    {
        if (text.Length == 0)
        {
            return null;
        }
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var instant))
        {
            RpcErrors.ThrowInvalid(field, "must be an instant like 2026-01-10T00:00:00Z");
        }
        return Timestamp.FromDateTimeOffset(instant);
    }

    private static ReportGrouping Grouping(string text) => text.ToLowerInvariant() switch
    {
        "day" or "report_grouping_day" => ReportGrouping.Day,
        "queue" or "report_grouping_queue" => ReportGrouping.Queue,
        "agent" or "report_grouping_agent" => ReportGrouping.Agent,
        _ => throw RpcErrors.Invalid("group_by", "must be day, queue or agent"),
    };
}
