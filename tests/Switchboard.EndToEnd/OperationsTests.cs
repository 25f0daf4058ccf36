using System.Diagnostics;
using System.Net;
using Grpc.Core;
using Grpc.Health.V1;
using Switchboard.Gateway.Hosting;
using Switchboard.EndToEnd.Harness;
using Switchboard.Testing;
using Switchboard.V1;

namespace Switchboard.EndToEnd;

/// <summary>What an operator's tools read from the web port: Prometheus metrics and the load balancer's health probe.</summary>
[Collection(ProcessWideMetrics.Name)]
public sealed class OperationsTests
{
    [Fact]
    public async Task Metrics_on_the_web_port_count_a_conversation_without_a_credential()
    {
        await using var node = await SwitchboardNode.Start();
        using var http = new HttpClient { BaseAddress = new Uri(node.WebAddress) };
        // Other tests in this process record on the same meter, so the counters are compared before and after.
        var before = PrometheusSamples.Parse(await Scrape(http));

        await Converse(node, conversations: 2);

        await Eventually.Until(async () =>
        {
            var after = PrometheusSamples.Parse(await Scrape(http));
            return after.Sum("switchboard_messages_inbound_total", "channel=\"chat\"") - before.Sum("switchboard_messages_inbound_total", "channel=\"chat\"") >= 2
                && after.Sum("switchboard_tickets_opened_total") - before.Sum("switchboard_tickets_opened_total") >= 2
                && after.Sum("switchboard_messages_outbound_total") - before.Sum("switchboard_messages_outbound_total") >= 1
                && after.Sum("switchboard_routing_offers_total", "outcome=\"accepted\"") - before.Sum("switchboard_routing_offers_total", "outcome=\"accepted\"") >= 2
                && after.Sum("switchboard_inbound_ack_duration_seconds_count") - before.Sum("switchboard_inbound_ack_duration_seconds_count") >= 2
                && after.Sum("switchboard_storage_append_events_count") - before.Sum("switchboard_storage_append_events_count") >= 2
                && after.Sum("switchboard_storage_commit_writes_count") - before.Sum("switchboard_storage_commit_writes_count") >= 1
                && after.Sum("switchboard_routing_offer_latency_seconds_count") - before.Sum("switchboard_routing_offer_latency_seconds_count") >= 2
                && after.Sum("switchboard_rpc_server_calls_total", "rpc_grpc_status_code=\"OK\",rpc_method=\"switchboard.v1.AgentService/Reply\"")
                    - before.Sum("switchboard_rpc_server_calls_total", "rpc_grpc_status_code=\"OK\",rpc_method=\"switchboard.v1.AgentService/Reply\"") >= 1;
        }, TimeSpan.FromSeconds(10), "the conversation's messages, tickets, reply, offers, commits and calls show on /metrics");

        var text = await Scrape(http);
        Assert.Contains("# HELP switchboard_messages_inbound_total Customer messages acknowledged", text, StringComparison.Ordinal);
        // Seconds with millisecond buckets, not the SDK's default buckets (made for milliseconds).
        Assert.Matches("switchboard_storage_append_duration_seconds_bucket\\{[^}]*le=\"0.001\"\\}", text);
        Assert.Contains("http_server_request_duration_seconds_bucket", text, StringComparison.Ordinal);
        Assert.Contains("\norleans_", text, StringComparison.Ordinal);
        // The runtime's own figures, which a latency spike is read against: collections, their pauses, allocations.
        Assert.Contains("\ndotnet_gc_pause_time_seconds_total", text, StringComparison.Ordinal);
        Assert.Contains("\ndotnet_gc_heap_total_allocated_bytes_total", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_count_refused_calls_by_method_and_status_and_agents_by_presence()
    {
        await using var node = await SwitchboardNode.Start();
        using var http = new HttpClient { BaseAddress = new Uri(node.WebAddress) };
        const string Refused = "rpc_grpc_status_code=\"INVALID_ARGUMENT\",rpc_method=\"switchboard.v1.AgentService/Reply\"";
        var before = PrometheusSamples.Parse(await Scrape(http));
        await using var desk = await Scenario.AvailableAgent(node, "presence-agent");

        await Assert.ThrowsAsync<Grpc.Core.RpcException>(async () =>
            await node.Agents.ReplyAsync(new ReplyRequest { AgentId = "presence-agent", TicketId = "t-none", Body = "" }));

        // The exporter caches a scrape for a moment, so the change shows within a second, not at once.
        await Eventually.Until(async () =>
        {
            var after = PrometheusSamples.Parse(await Scrape(http));
            return after.Sum("switchboard_rpc_server_calls_total", Refused) - before.Sum("switchboard_rpc_server_calls_total", Refused) == 1
                && after.Sum("switchboard_rpc_server_duration_seconds_count", Refused) - before.Sum("switchboard_rpc_server_duration_seconds_count", Refused) == 1
                && after.Sum("switchboard_agents", "presence=\"available\"") - before.Sum("switchboard_agents", "presence=\"available\"") == 1;
        }, TimeSpan.FromSeconds(5), "one refused Reply counted under INVALID_ARGUMENT, and one more agent available");
    }

    /// <summary>
    /// The whole scrape must parse; lint problems are allowed only on Orleans' own instruments, which upstream
    /// leaves without help text and partly in milliseconds and megabytes, and on three of the .NET runtime's gauges,
    /// whose names end in "_count" (names we cannot change from here).
    /// </summary>
    [PromtoolFact]
    public async Task Scraped_metrics_pass_promtool_check_metrics()
    {
        Assert.True(Promtool.Path is not null, "promtool is not installed; .ci/run installs Debian's prometheus package.");
        await using var node = await SwitchboardNode.Start();
        using var http = new HttpClient { BaseAddress = new Uri(node.WebAddress) };
        await Converse(node, conversations: 1);
        var text = await Scrape(http);

        using var promtool = Process.Start(new ProcessStartInfo(Promtool.Path!, "check metrics")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = promtool.StandardOutput.ReadToEndAsync();
        var errors = promtool.StandardError.ReadToEndAsync();
        await promtool.StandardInput.WriteAsync(text);
        promtool.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await promtool.WaitForExitAsync(timeout.Token);

        var problems = (await output + await errors).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        const int LintProblems = 3;
        Assert.True(promtool.ExitCode is 0 or LintProblems, $"promtool check metrics exited {promtool.ExitCode}: {string.Join('\n', problems)}");
        string[] runtimeCounts = ["dotnet_assembly_count ", "dotnet_process_cpu_count ", "dotnet_timer_count "];
        Assert.All(problems, problem => Assert.True(problem.StartsWith("orleans_", StringComparison.Ordinal)
            || runtimeCounts.Any(name => problem.StartsWith(name, StringComparison.Ordinal)), problem));
    }

    [Fact]
    public async Task Healthz_on_the_web_port_answers_healthy_without_a_credential()
    {
        await using var node = await SwitchboardNode.Start();
        using var http = new HttpClient { BaseAddress = new Uri(node.WebAddress) };

        using var response = await http.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Grpc_health_answers_for_the_whole_process_and_for_liveness_alone()
    {
        await using var node = await SwitchboardNode.Start();
        var health = new Health.HealthClient(node.Anonymous);

        var whole = await health.CheckAsync(new HealthCheckRequest());
        var liveness = await health.CheckAsync(new HealthCheckRequest { Service = GatewayHostingExtensions.LivenessService });
        var unknown = await Assert.ThrowsAsync<RpcException>(() => health.CheckAsync(new HealthCheckRequest { Service = "no-such-service" }).ResponseAsync);

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, whole.Status);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, liveness.Status);
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
    }

    /// <summary>Each conversation: a customer writes, an auto-accepting agent gets the ticket; the first one is answered.</summary>
    private static async Task Converse(SwitchboardNode node, int conversations)
    {
        await using var desk = await Scenario.AvailableAgent(node, "ops-agent");
        await using var adapter = await AdapterSession.Open(node, "webchat");
        for (var i = 0; i < conversations; i++)
        {
            var ack = await Scenario.AssignedTicket(adapter, desk, $"ops-{i}");
            if (i == 0)
            {
                await node.Agents.ReplyAsync(new ReplyRequest { AgentId = "ops-agent", TicketId = ack.TicketId, Body = "On it." });
                await adapter.Ack((await adapter.NextOutbound()).DeliverySequence);
            }
        }
    }

    private static async Task<string> Scrape(HttpClient http)
    {
        using var response = await http.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }
}
