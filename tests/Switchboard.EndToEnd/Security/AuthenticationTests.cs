using Grpc.Core;
using Grpc.Health.V1;
using Switchboard.EndToEnd.Harness;
using Switchboard.V1;

namespace Switchboard.EndToEnd.Security;

public sealed class AuthenticationTests
{
    [Fact]
    public async Task Revoked_key_ends_its_open_streams_within_seconds_and_is_refused_afterwards_while_another_keys_stream_goes_on()
    {
        await using var node = await SwitchboardNode.Start();
        var created = await node.Admin.CreateApiKeyAsync(new() { Name = "chat widget", Role = Role.Adapter, AdapterId = "web" });
        var other = await node.Admin.CreateApiKeyAsync(new() { Name = "mail bridge", Role = Role.Adapter, AdapterId = "mail" });
        var channel = new ChannelService.ChannelServiceClient(node.WithApiKey(created.Secret));
        // Two streams share the revoked key (they are re-checked as one); a third stream has a key of its own.
        using var first = await OpenAdapterStream(channel, "web");
        using var second = await OpenAdapterStream(channel, "web");
        using var unaffected = await OpenAdapterStream(new ChannelService.ChannelServiceClient(node.WithApiKey(other.Secret)), "mail");

        await node.Admin.RevokeApiKeyAsync(new() { KeyId = created.Key.KeyId });

        foreach (var stream in new[] { first, second })
        {
            var ended = await EndsWith(stream, TimeSpan.FromSeconds(10));
            Assert.Equal(StatusCode.Unauthenticated, ended.StatusCode);
            Assert.Contains("revoked", ended.Status.Detail, StringComparison.Ordinal);
        }
        var after = await Assert.ThrowsAsync<RpcException>(() => channel.GetQueuePositionAsync(new() { TicketId = "t-x" }).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, after.StatusCode);
        var listed = (await node.Admin.ListApiKeysAsync(new())).Keys.Single(k => k.KeyId == created.Key.KeyId);
        Assert.NotNull(listed.RevokedAt);
        Assert.Equal("web", listed.AdapterId);
        // Several re-check rounds (every 500 ms in the harness) later, the other key's stream still carries messages.
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        await unaffected.RequestStream.WriteAsync(new() { Inbound = AdapterSession.Message("still-open", "still-open-1", "Hello?") });
        using var ackWait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        Assert.True(await unaffected.ResponseStream.MoveNext(ackWait.Token));
        Assert.Equal("still-open-1", unaffected.ResponseStream.Current.InboundAck.AdapterMessageId);
    }

    [Fact]
    public async Task A_bearer_tokens_open_stream_ends_when_the_token_expires()
    {
        await using var node = await SwitchboardNode.Start();
        await node.Admin.UpsertAgentAsync(new() { Agent = new AgentProfile { AgentId = "short-shift" } });
        // Timed from before the token exists, so a slow machine (a busy CI run) cannot make the stream look short.
        var beforeIssue = System.Diagnostics.Stopwatch.StartNew();
        var issued = await node.Admin.CreateAccessTokenAsync(new()
        {
            Role = Role.Agent, AgentId = "short-shift", ValidFor = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TimeSpan.FromSeconds(2)),
        });
        var agent = new AgentService.AgentServiceClient(node.WithBearer(issued.Token));
        using var desk = agent.StreamDesk(new() { AgentId = "short-shift" });
        var received = 0;

        var ended = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            while (await desk.ResponseStream.MoveNext(deadline.Token))
            {
                received++;
            }
        });

        Assert.Equal(StatusCode.Unauthenticated, ended.StatusCode);
        Assert.Contains("expired", ended.Status.Detail, StringComparison.Ordinal);
        Assert.True(received > 0, "the stream was open (it sent the desk's snapshot) before the token expired");
        // The token's expiry may be kept to the second, so it can end up to a second early, never sooner.
        Assert.InRange(beforeIssue.Elapsed, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(12));
    }

    private static async Task<AsyncDuplexStreamingCall<StreamConversationsRequest, StreamConversationsResponse>> OpenAdapterStream(
        ChannelService.ChannelServiceClient channel, string adapterId)
    {
        var stream = channel.StreamConversations();
        await stream.RequestStream.WriteAsync(new() { Hello = new AdapterHello { AdapterId = adapterId } });
        Assert.True(await stream.ResponseStream.MoveNext(CancellationToken.None));
        return stream;
    }

    private static async Task<RpcException> EndsWith(AsyncDuplexStreamingCall<StreamConversationsRequest, StreamConversationsResponse> stream, TimeSpan within)
    {
        using var deadline = new CancellationTokenSource(within);
        return await Assert.ThrowsAsync<RpcException>(async () =>
        {
            while (await stream.ResponseStream.MoveNext(deadline.Token))
            {
            }
        });
    }

    [Fact]
    public async Task Rotated_key_replaces_the_old_one()
    {
        await using var node = await SwitchboardNode.Start();
        var created = await node.Admin.CreateApiKeyAsync(new() { Name = "lead", Role = Role.Supervisor });
        var rotated = await node.Admin.RotateApiKeyAsync(new() { KeyId = created.Key.KeyId });

        var old = new SupervisorService.SupervisorServiceClient(node.WithApiKey(created.Secret));
        var fresh = new SupervisorService.SupervisorServiceClient(node.WithApiKey(rotated.Secret));

        Assert.Equal(StatusCode.Unauthenticated, (await Assert.ThrowsAsync<RpcException>(() => old.GetQueueStatusAsync(new()).ResponseAsync)).StatusCode);
        Assert.Equal("default", (await fresh.GetQueueStatusAsync(new())).QueueId);
        Assert.Equal("lead", rotated.Key.Name);
        Assert.NotEqual(created.Key.KeyId, rotated.Key.KeyId);
    }

    [Fact]
    public async Task Agent_bearer_token_acts_as_its_agent_only()
    {
        await using var node = await SwitchboardNode.Start();
        await node.Admin.UpsertAgentAsync(new() { Agent = new AgentProfile { AgentId = "dora" } });
        var token = (await node.Admin.CreateAccessTokenAsync(new() { Role = Role.Agent, AgentId = "dora" })).Token;
        var agent = new AgentService.AgentServiceClient(node.WithBearer(token));

        var presence = await agent.SetPresenceAsync(new() { AgentId = "dora", Presence = Presence.Available });
        var other = await Assert.ThrowsAsync<RpcException>(() => agent.SetPresenceAsync(new() { AgentId = "eve", Presence = Presence.Available }).ResponseAsync);
        var admin = await Assert.ThrowsAsync<RpcException>(() => new AdminService.AdminServiceClient(node.WithBearer(token)).ListQueuesAsync(new()).ResponseAsync);
        var forged = await Assert.ThrowsAsync<RpcException>(() => agent.SetPresenceAsync(new() { AgentId = "dora", Presence = Presence.Away }, new Metadata { { "authorization", "Bearer " + token[..^4] + "AAAA" } }).ResponseAsync);

        Assert.Equal(Presence.Available, presence.Presence);
        Assert.Equal(StatusCode.PermissionDenied, other.StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, admin.StatusCode);
        Assert.Equal(StatusCode.Unauthenticated, forged.StatusCode);
    }

    [Fact]
    public async Task Key_over_its_request_rate_gets_resource_exhausted_with_a_retry_hint()
    {
        await using var node = await SwitchboardNode.Start(null, "--Switchboard:Auth:RequestsPerSecond=5", "--Switchboard:Auth:Burst=5");
        var key = (await node.Admin.CreateApiKeyAsync(new() { Name = "busy", Role = Role.Supervisor })).Secret;
        var supervisor = new SupervisorService.SupervisorServiceClient(node.WithApiKey(key));

        RpcException? refused = null;
        for (var i = 0; i < 50 && refused is null; i++)
        {
            try
            {
                await supervisor.GetQueueStatusAsync(new());
            }
            catch (RpcException e)
            {
                refused = e;
            }
        }

        Assert.NotNull(refused);
        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
        Assert.Contains("retry after", refused.Status.Detail, StringComparison.Ordinal);
        Assert.NotNull(refused.Trailers.GetValue("retry-after-ms"));
    }

    [Fact]
    public async Task Key_cannot_hold_more_streams_than_its_limit()
    {
        await using var node = await SwitchboardNode.Start(null, "--Switchboard:Auth:MaxStreamsPerKey=2");
        await node.Admin.UpsertAgentAsync(new() { Agent = new AgentProfile { AgentId = "fay" } });
        var key = (await node.Admin.CreateApiKeyAsync(new() { Name = "fay", Role = Role.Agent, AgentId = "fay" })).Secret;
        var agent = new AgentService.AgentServiceClient(node.WithApiKey(key));
        using var first = agent.StreamDesk(new() { AgentId = "fay" });
        using var second = agent.StreamDesk(new() { AgentId = "fay" });
        Assert.True(await first.ResponseStream.MoveNext(CancellationToken.None));
        Assert.True(await second.ResponseStream.MoveNext(CancellationToken.None));

        using var third = agent.StreamDesk(new() { AgentId = "fay" });
        var refused = await Assert.ThrowsAsync<RpcException>(() => third.ResponseStream.MoveNext(CancellationToken.None));

        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
    }

    [Fact]
    public async Task Health_checks_need_no_credential_but_a_made_up_key_is_refused()
    {
        await using var node = await SwitchboardNode.Start();
        var health = await new Health.HealthClient(node.Anonymous).CheckAsync(new HealthCheckRequest());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);

        var bogus = new SupervisorService.SupervisorServiceClient(node.WithApiKey("sbk_abcdefghijkm_00000000000000000000000000000000"));
        var refused = await Assert.ThrowsAsync<RpcException>(() => bogus.GetQueueStatusAsync(new()).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
    }

    [Fact]
    public async Task Operator_creates_a_tenant_whose_admin_sees_only_its_own_data()
    {
        await using var node = await SwitchboardNode.Start();
        var created = await new AdminService.AdminServiceClient(node.WithApiKey("test-operator-key")).CreateTenantAsync(new() { TenantId = "acme" });
        var acme = new AdminService.AdminServiceClient(node.WithApiKey(created.AdminKeySecret));
        await acme.UpsertAgentAsync(new() { Agent = new AgentProfile { AgentId = "acme-agent" } });

        var fromDemo = await Assert.ThrowsAsync<RpcException>(() => node.Admin.GetAgentAsync(new() { AgentId = "acme-agent" }).ResponseAsync);
        var again = await Assert.ThrowsAsync<RpcException>(() =>
            new AdminService.AdminServiceClient(node.WithApiKey("test-operator-key")).CreateTenantAsync(new() { TenantId = "acme" }).ResponseAsync);

        Assert.Equal("acme-agent", (await acme.GetAgentAsync(new() { AgentId = "acme-agent" })).Agent.AgentId);
        Assert.Equal(StatusCode.NotFound, fromDemo.StatusCode);
        Assert.Equal(StatusCode.AlreadyExists, again.StatusCode);
        Assert.Single((await acme.ListApiKeysAsync(new())).Keys);
    }
}
