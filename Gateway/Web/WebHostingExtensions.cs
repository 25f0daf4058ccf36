using System.Net;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Switchboard.Gateway.Agents;
using Switchboard.Gateway.Hosting;
using Switchboard.Gateway.Reports;
using Switchboard.Gateway.Security;
using Switchboard.Gateway.Supervision;
using Switchboard.V1;

namespace Switchboard.Gateway.Web;

/// <summary>
/// The browser side of the gateway on its own HTTP/1.1 port (cleartext gRPC needs HTTP/2 only, so they
/// cannot share one): the dashboard at "/", the agent desk at "/desk.html", their JSON calls and event streams.
/// </summary>
public static class WebHostingExtensions
{
    public static WebApplicationBuilder AddSwitchboardWeb(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<WebOptions>().Bind(builder.Configuration.GetSection(WebOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        var options = SettingsValidation.Validated(builder.Configuration.GetSection(WebOptions.Section).Get<WebOptions>() ?? new WebOptions(), WebOptions.Section);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            if (string.Equals(options.ListenAddress, "localhost", StringComparison.OrdinalIgnoreCase) && options.WebPort != 0)
            {
                kestrel.ListenLocalhost(options.WebPort, listen => listen.Protocols = HttpProtocols.Http1);
            }
            else
            {
                var address = string.Equals(options.ListenAddress, "localhost", StringComparison.OrdinalIgnoreCase)
                    ? IPAddress.Loopback
                    : IPAddress.Parse(options.ListenAddress);
                kestrel.Listen(address, options.WebPort, listen => listen.Protocols = HttpProtocols.Http1);
            }
        });
        return builder;
    }

    public static WebApplication MapSwitchboardWeb(this WebApplication app)
    {
        var pages = new EmbeddedFileProvider(typeof(WebHostingExtensions).Assembly, "Switchboard.Gateway.Web.wwwroot");
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = pages });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = pages });
        app.UseSwitchboardWebCredentials();

        app.MapGet("/api/supervisor/watch", EventStreams.Floor).WithMetadata(WrapsRpc.Supervisor("Watch"));
        app.MapGet("/api/agent/desk", EventStreams.Desk).WithMetadata(WrapsRpc.Agent("StreamDesk"));
        app.MapGet("/api/reports.csv", ReportDownloads.Csv).WithMetadata(WrapsRpc.Report("ExportReportCsv"));

        // The same calls as AgentService, by the same names, with the same messages in JSON.
        var agent = app.MapGroup("/api/agent");
        Map<SetPresenceRequest, SetPresenceResponse>(agent, "SetPresence", desk => desk.SetPresence);
        Map<AcceptOfferRequest, AcceptOfferResponse>(agent, "AcceptOffer", desk => desk.AcceptOffer);
        Map<DeclineOfferRequest, DeclineOfferResponse>(agent, "DeclineOffer", desk => desk.DeclineOffer);
        Map<ReplyRequest, ReplyResponse>(agent, "Reply", desk => desk.Reply);
        Map<SolveTicketRequest, SolveTicketResponse>(agent, "SolveTicket", desk => desk.SolveTicket);
        Map<TransferTicketRequest, TransferTicketResponse>(agent, "TransferTicket", desk => desk.TransferTicket);
        Map<GetTicketRequest, GetTicketResponse>(agent, "GetTicket", desk => desk.GetTicket);
        Map<UpdateTicketRequest, UpdateTicketResponse>(agent, "UpdateTicket", desk => desk.UpdateTicket);
        Map<AddInternalNoteRequest, AddInternalNoteResponse>(agent, "AddInternalNote", desk => desk.AddInternalNote);
        Map<ListCustomerTicketsRequest, ListCustomerTicketsResponse>(agent, "ListCustomerTickets", desk => desk.ListCustomerTickets);
        Map<MergeTicketsRequest, MergeTicketsResponse>(agent, "MergeTickets", desk => desk.MergeTickets);
        Map<StartSideConversationRequest, StartSideConversationResponse>(agent, "StartSideConversation", desk => desk.StartSideConversation);
        Map<ReplySideConversationRequest, ReplySideConversationResponse>(agent, "ReplySideConversation", desk => desk.ReplySideConversation);
        Map<CloseSideConversationRequest, CloseSideConversationResponse>(agent, "CloseSideConversation", desk => desk.CloseSideConversation);

        // ReportService's figures, as on gRPC (the CSV is the GET above).
        app.MapPost("/api/reports/get-report", (HttpContext http, IGrainFactory grains) =>
                ProtoJson.Handle<GetReportRequest, GetReportResponse>(http, (caller, request) => ReportGrpcService.Report(grains, caller.Tenant, request)))
            .WithMetadata(WrapsRpc.Report("GetReport"));
        return app;
    }

    /// <summary>POST /api/agent/&lt;method in kebab case&gt;: the AgentService call of that name, on <see cref="DeskActions"/>.</summary>
    private static void Map<TRequest, TResponse>(RouteGroupBuilder group, string method, Func<DeskActions, Func<CallerIdentity, TRequest, Task<TResponse>>> action)
        where TRequest : IMessage<TRequest>, new()
        where TResponse : IMessage<TResponse> =>
        group.MapPost("/" + KebabCase(method), (HttpContext http, DeskActions desk) => ProtoJson.Handle(http, action(desk)))
            .WithMetadata(WrapsRpc.Agent(method));

    private static string KebabCase(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
