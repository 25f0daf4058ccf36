using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Switchboard.Gateway.Agents;
using Switchboard.Gateway.Hosting;
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

        app.MapGet("/api/supervisor/watch", EventStreams.Floor);
        app.MapGet("/api/agent/desk", EventStreams.Desk);
        app.MapGet("/api/reports.csv", ReportDownloads.Csv);

        // The same calls as AgentService, by the same names, with the same messages in JSON.
        var agent = app.MapGroup("/api/agent");
        agent.MapPost("/set-presence", (HttpContext http, DeskActions desk) => ProtoJson.Handle<SetPresenceRequest, SetPresenceResponse>(http, desk.SetPresence));
        agent.MapPost("/accept-offer", (HttpContext http, DeskActions desk) => ProtoJson.Handle<AcceptOfferRequest, AcceptOfferResponse>(http, desk.AcceptOffer));
        agent.MapPost("/decline-offer", (HttpContext http, DeskActions desk) => ProtoJson.Handle<DeclineOfferRequest, DeclineOfferResponse>(http, desk.DeclineOffer));
        agent.MapPost("/reply", (HttpContext http, DeskActions desk) => ProtoJson.Handle<ReplyRequest, ReplyResponse>(http, desk.Reply));
        agent.MapPost("/solve-ticket", (HttpContext http, DeskActions desk) => ProtoJson.Handle<SolveTicketRequest, SolveTicketResponse>(http, desk.SolveTicket));
        agent.MapPost("/transfer-ticket", (HttpContext http, DeskActions desk) => ProtoJson.Handle<TransferTicketRequest, TransferTicketResponse>(http, desk.TransferTicket));
        agent.MapPost("/get-ticket", (HttpContext http, DeskActions desk) => ProtoJson.Handle<GetTicketRequest, GetTicketResponse>(http, desk.GetTicket));
        return app;
    }
}
