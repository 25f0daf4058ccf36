using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.Gateway.Web;
using Switchboard.EndToEnd.Harness;
using Switchboard.Testing;
using Switchboard.V1;

namespace Switchboard.EndToEnd;

/// <summary>The browser port: pages, the desk's JSON calls and the event streams, over plain HTTP/1.1.</summary>
public sealed class WebPortTests
{
    [Fact]
    public async Task The_dashboard_and_the_desk_are_served_over_http_1_1_beside_grpc()
    {
        await using var node = await SwitchboardNode.Start();
        using var http = new HttpClient { BaseAddress = new Uri(node.WebAddress) };

        using var dashboard = await http.GetAsync("/");
        using var desk = await http.GetAsync("/desk.html");

        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.Equal(new Version(1, 1), dashboard.Version);
        Assert.Equal("text/html", dashboard.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Switchboard", await dashboard.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, desk.StatusCode);
    }

    [PostgresFact]
    public async Task A_gateway_in_cluster_mode_serves_the_dashboard_and_the_desk_calls_reach_the_silos()
    {
        await using var cluster = await PostgresCluster.Start(silos: 1, gateways: 1);
        var gateway = cluster.Gateways[0];
        await gateway.Admin.UpsertAgentAsync(new() { Agent = new AgentProfile { AgentId = "ann" } });
        using var http = new HttpClient { BaseAddress = new Uri(gateway.WebAddress) };

        using var dashboard = await http.GetAsync("/");
        using var desk = await http.GetAsync("/desk.html");
        using var health = await http.GetAsync("/healthz");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/agent/set-presence") { Content = Json("""{"agentId":"ann","presence":"PRESENCE_AVAILABLE"}""") };
        request.Headers.Add("x-api-key", SwitchboardNode.AdminKey);
        using var presence = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.Equal("text/html", dashboard.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Switchboard", await dashboard.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, desk.StatusCode);
        Assert.Equal("Healthy", await health.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, presence.StatusCode);
        Assert.Equal(Presence.Available, (await gateway.Admin.GetAgentAsync(new() { AgentId = "ann" })).Presence);
    }

    [Fact]
    public async Task Desk_calls_over_json_are_validated_like_grpc_and_refusals_keep_their_meaning()
    {
        await using var node = await SwitchboardNode.Start();
        await node.Admin.UpsertAgentAsync(new() { Agent = new AgentProfile { AgentId = "ann" } });
        using var http = new HttpClient { BaseAddress = new Uri(node.WebAddress) };
        http.DefaultRequestHeaders.Add("x-api-key", SwitchboardNode.AdminKey);

        using var ok = await http.PostAsync("/api/agent/set-presence", Json("""{"agentId":"ann","presence":"PRESENCE_AWAY"}"""));
        using var badId = await http.PostAsync("/api/agent/set-presence", Json("""{"agentId":"no such agent!","presence":"PRESENCE_AWAY"}"""));
        using var unknown = await http.PostAsync("/api/agent/set-presence", Json("""{"agentId":"nobody","presence":"PRESENCE_AWAY"}"""));
        using var notJson = await http.PostAsync("/api/agent/reply", Json("{not json"));

        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("PRESENCE_AWAY", (await ok.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("presence").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, badId.StatusCode);
        Assert.StartsWith("agent_id:", (await badId.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("message").GetString());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        Assert.Equal(Presence.Away, (await node.Admin.GetAgentAsync(new() { AgentId = "ann" })).Presence);
    }

    [Fact]
    public async Task The_floor_event_stream_starts_with_a_snapshot_and_follows_with_deltas()
    {
        await using var node = await SwitchboardNode.Start();
        using var http = new HttpClient { BaseAddress = new Uri(node.WebAddress), Timeout = TimeSpan.FromSeconds(30) };
        // As a browser's EventSource does: the key in the query, since it cannot send headers.
        using var response = await http.GetAsync($"/api/supervisor/watch?access_key={SwitchboardNode.AdminKey}", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());

        Assert.Equal("event: snapshot", await reader.ReadLineAsync());
        await node.Channels.SubmitInboundAsync(new() { AdapterId = "webchat", Message = AdapterSession.Message("c-1", "m-1", "Hi") });

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (await reader.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal) && line.Contains("\"waiting\": 1", StringComparison.Ordinal))
            {
                return;
            }
        }
        Assert.Fail("no delta showed the waiting ticket");
    }

    private static StringContent Json(string body) => new(body, System.Text.Encoding.UTF8, "application/json");

    [Fact]
    public async Task Web_api_needs_the_same_credentials_and_roles_as_grpc()
    {
        await using var node = await SwitchboardNode.Start();
        await node.Admin.UpsertAgentAsync(new() { Agent = new AgentProfile { AgentId = "ann" } });
        await node.Admin.UpsertAgentAsync(new() { Agent = new AgentProfile { AgentId = "bob" } });
        var annKey = (await node.Admin.CreateApiKeyAsync(new() { Name = "ann", Role = Role.Agent, AgentId = "ann" })).Secret;
        using var anonymous = new HttpClient { BaseAddress = new Uri(node.WebAddress) };
        using var ann = new HttpClient { BaseAddress = new Uri(node.WebAddress) };
        ann.DefaultRequestHeaders.Add("x-api-key", annKey);

        using var noKey = await anonymous.PostAsync("/api/agent/set-presence", Json("""{"agentId":"ann","presence":"PRESENCE_AWAY"}"""));
        using var noKeyFloor = await anonymous.GetAsync("/api/supervisor/watch");
        using var asBob = await ann.PostAsync("/api/agent/set-presence", Json("""{"agentId":"bob","presence":"PRESENCE_AWAY"}"""));
        using var floor = await ann.GetAsync("/api/supervisor/watch");
        using var own = await ann.PostAsync("/api/agent/set-presence", Json("""{"agentId":"ann","presence":"PRESENCE_AWAY"}"""));

        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, noKeyFloor.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, asBob.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, floor.StatusCode);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal(Presence.Offline, (await node.Admin.GetAgentAsync(new() { AgentId = "bob" })).Presence);
    }

    [Fact]
    public async Task Every_api_route_wraps_a_real_rpc_and_takes_exactly_the_roles_the_access_table_gives_it()
    {
        await using var node = await SwitchboardNode.Start();
        await node.Admin.UpsertAgentAsync(new() { Agent = new AgentProfile { AgentId = "ann" } });
        var annKey = (await node.Admin.CreateApiKeyAsync(new() { Name = "ann", Role = Role.Agent, AgentId = "ann" })).Secret;
        var supervisorKey = (await node.Admin.CreateApiKeyAsync(new() { Name = "sue", Role = Role.Supervisor })).Secret;

        var methods = new[] { AgentService.Descriptor, ReportService.Descriptor, SupervisorService.Descriptor }
            .SelectMany(service => service.Methods.Select(method => $"{service.FullName}/{method.Name}"))
            .ToHashSet(StringComparer.Ordinal);
        var routes = node.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api", StringComparison.Ordinal) == true)
            .ToDictionary(e => e.RoutePattern.RawText!, e => e.Metadata.GetMetadata<WrapsRpc>()?.Method, StringComparer.Ordinal);
        Assert.Contains("/api/agent/merge-tickets", routes.Keys);
        Assert.Contains("/api/reports/get-report", routes.Keys);
        Assert.All(routes, route => Assert.True(route.Value is not null && methods.Contains(route.Value), $"{route.Key} wraps {route.Value ?? "nothing"}"));

        using var http = new HttpClient { BaseAddress = new Uri(node.WebAddress) };
        async Task<HttpStatusCode> Post(string key, string path, string body)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = Json(body) };
            request.Headers.Add("x-api-key", key);
            using var response = await http.SendAsync(request);
            return response.StatusCode;
        }
        const string Report = """{"startTime":"2026-01-10T00:00:00Z","endTime":"2026-01-11T00:00:00Z","groupBy":"REPORT_GROUPING_DAY"}""";
        const string Merge = """{"agentId":"ann","sourceTicketId":"t-a","targetTicketId":"t-b"}""";

        // AgentService is the agent's (and admin's); GetTicket and ListCustomerTickets a supervisor's too; reports a supervisor's.
        Assert.Equal(HttpStatusCode.Forbidden, await Post(supervisorKey, "/api/agent/merge-tickets", Merge));
        Assert.Equal(HttpStatusCode.Forbidden, await Post(supervisorKey, "/api/agent/start-side-conversation", "{}"));
        Assert.Equal(HttpStatusCode.Forbidden, await Post(annKey, "/api/reports/get-report", Report));
        Assert.Equal(HttpStatusCode.NotFound, await Post(annKey, "/api/agent/merge-tickets", Merge));
        Assert.Equal(HttpStatusCode.NotFound, await Post(supervisorKey, "/api/agent/get-ticket", """{"ticketId":"t-nosuchticket"}"""));
        Assert.NotEqual(HttpStatusCode.Forbidden, await Post(supervisorKey, "/api/agent/list-customer-tickets", """{"customerId":"c-nobody"}"""));
        Assert.Equal(HttpStatusCode.OK, await Post(supervisorKey, "/api/reports/get-report", Report));
        Assert.Equal(HttpStatusCode.OK, await Post(SwitchboardNode.AdminKey, "/api/reports/get-report", Report));
        Assert.Equal(HttpStatusCode.BadRequest, await Post(supervisorKey, "/api/reports/get-report", "{}"));
        Assert.Equal(HttpStatusCode.Forbidden, await Post(annKey, "/api/agent/update-ticket", """{"agentId":"bob","ticketId":"t-a","priority":"TICKET_PRIORITY_HIGH"}"""));
    }
}
