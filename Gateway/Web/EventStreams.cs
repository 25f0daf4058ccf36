using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Switchboard.Gateway.Agents;
using Switchboard.Gateway.Mapping;
using Switchboard.Gateway.Security;
using Switchboard.Gateway.Supervision;
using Switchboard.Gateway.Tenancy;
using Switchboard.Gateway.Validation;

namespace Switchboard.Gateway.Web;

/// <summary>
/// Server-sent events for browsers, fed by the same per-process hubs as the gRPC streams: the live floor
/// ("snapshot" then "delta" events) and an agent's desk (one event per desk message, named by its kind).
/// Each event's data is the gRPC message in protobuf's JSON form.
/// </summary>
public static class EventStreams
{
    public static async Task Floor(HttpContext http, FloorHub floor)
    {
        string tenant;
        string? queueId = http.Request.Query["queue_id"].ToString() is { Length: > 0 } q ? q : null;
        try
        {
            tenant = TenantContext.Of(http);
            if (queueId is not null)
            {
                RequestValidator.Name("queue_id", queueId);
            }
        }
        catch (RpcException e)
        {
            await ProtoJson.Refuse(http, e.StatusCode, e.Status.Detail);
            return;
        }
        await Send(http, FloorEvents(floor, tenant, queueId, http.RequestAborted));
    }

    public static async Task Desk(HttpContext http, DeskFeed desk)
    {
        string tenant;
        var agentId = http.Request.Query["agent_id"].ToString();
        try
        {
            tenant = TenantContext.Of(http);
            DeskFeed.Validate(agentId);
            Caller.EnsureActsAsAgent(WebCaller.Of(http), agentId);
        }
        catch (RpcException e)
        {
            await ProtoJson.Refuse(http, e.StatusCode, e.Status.Detail);
            return;
        }
        await Send(http, DeskEvents(desk, tenant, agentId, http.RequestAborted));
    }

    private static async IAsyncEnumerable<SseItem<string>> FloorEvents(
        FloorHub floor, string tenant, string? queueId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var viewer = await floor.Watch(tenant, cancellationToken);
        await foreach (var update in viewer.Updates(cancellationToken))
        {
            yield return new SseItem<string>(ProtoJson.Formatter.Format(FloorWire.ToWire(update, queueId)), update.IsSnapshot ? "snapshot" : "delta");
        }
    }

    private static async IAsyncEnumerable<SseItem<string>> DeskEvents(
        DeskFeed desk, string tenant, string agentId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var frame in desk.Open(tenant, agentId, cancellationToken))
        {
            yield return new SseItem<string>(ProtoJson.Formatter.Format(frame.Response), "desk");
        }
    }

    /// <summary>Streams the events until the browser goes away; a refused stream (unknown agent) ends with an "error" event.</summary>
    private static async Task Send(HttpContext http, IAsyncEnumerable<SseItem<string>> events)
    {
        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        try
        {
            await SseFormatter.WriteAsync(Guarded(events, http.RequestAborted), http.Response.Body, http.RequestAborted);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The browser closed the page.
        }
    }

    private static async IAsyncEnumerable<SseItem<string>> Guarded(IAsyncEnumerable<SseItem<string>> events, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var enumerator = events.GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            SseItem<string> item;
            string? refusal = null;
            try
            {
                if (!await enumerator.MoveNextAsync())
                {
                    yield break;
                }
                item = enumerator.Current;
            }
            catch (RpcException e)
            {
                refusal = e.Status.Detail;
                item = default;
            }
            catch (Contracts.SwitchboardException e)
            {
                refusal = e.Message;
                item = default;
            }
            if (refusal is not null)
            {
                yield return new SseItem<string>(System.Text.Json.JsonSerializer.Serialize(new { message = refusal }), "error");
                yield break;
            }
            yield return item;
        }
    }
}
