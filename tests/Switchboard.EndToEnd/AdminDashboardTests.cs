using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Switchboard.EndToEnd.Harness;
using Switchboard.Testing;
using Switchboard.V1;

namespace Switchboard.EndToEnd;

/// <summary>The Orleans dashboard on the admin port, over real HTTP: admins only, and only there.</summary>
public sealed class AdminDashboardTests
{
    [Fact]
    public async Task Dashboard_on_the_admin_port_answers_admins_only()
    {
        var adminPort = SwitchboardNode.FreePort();
        await using var node = await SwitchboardNode.Start(null, $"--Switchboard:Dashboard:Port={adminPort}");
        var agentKey = (await node.Admin.CreateApiKeyAsync(new() { Name = "desk", Role = Role.Agent, AgentId = "dash-agent" })).Secret;
        using var http = new HttpClient { BaseAddress = new Uri($"http://localhost:{adminPort}") };

        using var anonymous = await http.GetAsync("/dashboard/ClusterStats");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("Basic", Assert.Single(anonymous.Headers.WwwAuthenticate).Scheme);

        using var wrongKey = await Get(http, "/dashboard/ClusterStats", ("x-api-key", "sbk_nobody_0000"));
        Assert.Equal(HttpStatusCode.Unauthorized, wrongKey.StatusCode);

        using var agent = await Get(http, "/dashboard/ClusterStats", ("x-api-key", agentKey));
        Assert.Equal(HttpStatusCode.Forbidden, agent.StatusCode);

        using var admin = await Get(http, "/dashboard/ClusterStats", ("x-api-key", SwitchboardNode.AdminKey));
        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
        using (var stats = JsonDocument.Parse(await admin.Content.ReadAsStringAsync()))
        {
            Assert.Equal(JsonValueKind.Object, stats.RootElement.ValueKind);
        }

        // A browser signs in with HTTP Basic, the API key as the password; the page and its calls then load.
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"admin:{SwitchboardNode.AdminKey}"));
        using var page = await Get(http, "/dashboard/", ("authorization", $"Basic {basic}"));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<html", await page.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        // The node's one silo shows up, active, once the dashboard has taken its first sample.
        await Eventually.Until(async () =>
        {
            using var counters = await Get(http, "/dashboard/DashboardCounters", ("authorization", $"Basic {basic}"));
            Assert.Equal(HttpStatusCode.OK, counters.StatusCode);
            return (await counters.Content.ReadAsStringAsync()).Contains("\"totalActiveHostCount\":1", StringComparison.Ordinal);
        }, TimeSpan.FromSeconds(15), "the dashboard counts the node's silo");

        // Grain state holds transcripts and addresses of every tenant: refused even to admins.
        using var state = await Get(http, "/dashboard/GrainState?grainId=x&grainType=y", ("x-api-key", SwitchboardNode.AdminKey));
        Assert.Equal(HttpStatusCode.Forbidden, state.StatusCode);
    }

    [Fact]
    public async Task Dashboard_is_off_by_default_and_never_on_the_public_web_port()
    {
        var adminPort = SwitchboardNode.FreePort();
        await using (var node = await SwitchboardNode.Start(null, $"--Switchboard:Dashboard:Port={adminPort}"))
        {
            using var web = new HttpClient { BaseAddress = new Uri(node.WebAddress) };
            using var onWebPort = await Get(web, "/dashboard/ClusterStats", ("x-api-key", SwitchboardNode.AdminKey));
            Assert.Equal(HttpStatusCode.NotFound, onWebPort.StatusCode);
        }

        await using var plain = await SwitchboardNode.Start();
        using var client = new HttpClient { BaseAddress = new Uri($"http://localhost:{adminPort}") };
        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync("/dashboard/ClusterStats"));
    }

    [PostgresFact]
    public async Task Dashboard_on_a_cluster_silo_answers_admins_of_the_cluster()
    {
        await using var database = await TestPostgres.CreateDatabaseAsync();
        var adminPort = SwitchboardNode.FreePort();
        string[] cluster =
        [
            "--Switchboard:Storage:Kind=postgres",
            $"--Switchboard:Storage:ConnectionString={database.ConnectionString}",
            $"--Switchboard:ClusterId=dashboard-{Guid.NewGuid():N}",
            "--Switchboard:GrpcPort=0",
            "--Serilog:MinimumLevel:Default=Warning",
            $"--Switchboard:Auth:DemoAdminKey={SwitchboardNode.AdminKey}",
        ];
        await using var silo = await SwitchboardNode.StartHost(
        [
            "--mode", "silo", .. cluster, "--Switchboard:AdvertisedAddress=127.0.0.1",
            $"--Switchboard:SiloPort={SwitchboardNode.FreePort()}", $"--Switchboard:OrleansGatewayPort={SwitchboardNode.FreePort()}",
            $"--Switchboard:Dashboard:Port={adminPort}",
        ]);
        // The gateway makes the demo tenant and its admin key; the silo checks credentials against the same grains.
        // Its web port too is a free one: the default (5080) may be taken on a machine running anything else.
        await using var gateway = await SwitchboardNode.StartHost(["--mode", "gateway", .. cluster, $"--Switchboard:WebPort={SwitchboardNode.FreePort()}"]);
        using var http = new HttpClient { BaseAddress = new Uri($"http://localhost:{adminPort}") };

        using var anonymous = await http.GetAsync("/dashboard/DashboardCounters");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        await Eventually.Until(async () =>
        {
            using var counters = await Get(http, "/dashboard/DashboardCounters", ("x-api-key", SwitchboardNode.AdminKey));
            return counters.StatusCode == HttpStatusCode.OK
                && (await counters.Content.ReadAsStringAsync()).Contains("\"totalActiveHostCount\":1", StringComparison.Ordinal);
        }, TimeSpan.FromSeconds(30), "the silo's dashboard answers the admin key the gateway created");
    }

    private static Task<HttpResponseMessage> Get(HttpClient http, string path, (string Name, string Value) header)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation(header.Name, header.Value);
        return http.SendAsync(request);
    }
}
