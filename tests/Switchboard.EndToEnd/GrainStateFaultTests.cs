using Grpc.Core;
using Switchboard.EndToEnd.Harness;
using Switchboard.Testing;
using Switchboard.V1;

namespace Switchboard.EndToEnd;

/// <summary>
/// Grain state (agents, conversations, customers, settings) the database fails to read or write: the caller is told
/// UNAVAILABLE, to send the same call again, and nothing is acknowledged or half-changed. (An adapter's message whose
/// conversation cannot be read: DurabilityTests.)
/// </summary>
public sealed class GrainStateFaultTests
{
    /// <summary>
    /// Fails every write of one grain's state with an error of the database itself (abs() of the smallest integer
    /// overflows), raised as the statement runs: not a constraint, which the store reads as an ETag conflict, and not
    /// a trigger that cannot compile, which SQLite keeps failing on a kept connection after the trigger is dropped.
    /// </summary>
    private static string WriteFault(string grainId) =>
        $"CREATE TRIGGER state_fault BEFORE UPDATE ON grain_state WHEN NEW.grain_id = '{grainId}' BEGIN SELECT abs(-9223372036854775807 - 1); END;";

    [Fact]
    public async Task A_change_storage_fails_to_write_is_refused_as_unavailable_logged_and_changes_nothing_until_sent_again()
    {
        var logPath = Path.Combine(Path.GetTempPath(), "switchboard-tests", $"{Guid.NewGuid():N}.log");
        await using (var node = await SwitchboardNode.Start(null, "--Serilog:WriteTo:0:Name=File", $"--Serilog:WriteTo:0:Args:path={logPath}"))
        {
            await node.Admin.UpsertAgentAsync(new() { Agent = new AgentProfile { AgentId = "gina", DisplayName = "Gina" } });
            await NodeDatabase.ExecuteAsync(node.DatabasePath, WriteFault("demo/gina"));
            var renamed = new UpsertAgentRequest { Agent = new AgentProfile { AgentId = "gina", DisplayName = "Gina Rossi" } };

            var refused = await Refusal.Of(StatusCode.Unavailable, () => node.Admin.UpsertAgentAsync(renamed).ResponseAsync);

            Assert.Contains("Send it again", refused.Status.Detail, StringComparison.Ordinal);
            Assert.Equal("Gina", (await node.Admin.GetAgentAsync(new() { AgentId = "gina" })).Agent.DisplayName);
            Assert.Equal(1, await NodeDatabase.CountAsync(node.DatabasePath, "SELECT COUNT(*) FROM grain_state WHERE grain_id = 'demo/gina'"));

            await NodeDatabase.ExecuteAsync(node.DatabasePath, "DROP TRIGGER state_fault;");
            await node.Admin.UpsertAgentAsync(renamed);
            Assert.Equal("Gina Rossi", (await node.Admin.GetAgentAsync(new() { AgentId = "gina" })).Agent.DisplayName);
        }

        // The gateway's log names the call and what the database said.
        Assert.Contains(File.ReadLines(logPath), line => line.Contains("AdminService/UpsertAgent answered", StringComparison.Ordinal)
            && line.Contains("Unavailable", StringComparison.Ordinal) && line.Contains("integer overflow", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_desk_call_over_json_storage_fails_to_write_is_answered_503_and_changes_nothing()
    {
        await using var node = await SwitchboardNode.Start();
        await node.Admin.UpsertAgentAsync(new() { Agent = new AgentProfile { AgentId = "jo" } });
        using var http = new HttpClient { BaseAddress = new Uri(node.WebAddress) };
        http.DefaultRequestHeaders.Add("x-api-key", SwitchboardNode.AdminKey);
        using var away = new StringContent("""{"agentId":"jo","presence":"PRESENCE_AWAY"}""", System.Text.Encoding.UTF8, "application/json");
        await NodeDatabase.ExecuteAsync(node.DatabasePath, WriteFault("demo/jo"));

        using var refused = await http.PostAsync("/api/agent/set-presence", away);

        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Contains("Send it again", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(Presence.Offline, (await node.Admin.GetAgentAsync(new() { AgentId = "jo" })).Presence);
        await NodeDatabase.ExecuteAsync(node.DatabasePath, "DROP TRIGGER state_fault;");
        using var answered = await http.PostAsync("/api/agent/set-presence", away);
        Assert.Equal(System.Net.HttpStatusCode.OK, answered.StatusCode);
        Assert.Equal(Presence.Away, (await node.Admin.GetAgentAsync(new() { AgentId = "jo" })).Presence);
    }

    [Fact]
    public async Task A_grain_storage_fails_to_read_is_refused_as_unavailable_and_answers_once_storage_is_back()
    {
        var database = SwitchboardNode.NewDatabasePath();
        await using (var first = await SwitchboardNode.Start(database))
        {
            await first.Admin.UpsertAgentAsync(new() { Agent = new AgentProfile { AgentId = "hugo", DisplayName = "Hugo" } });
        }
        await using var node = await SwitchboardNode.Start(database);
        await node.Admin.ListQueuesAsync(new());
        // Every read of grain state fails while its table is away, as on a disk that cannot be read.
        await NodeDatabase.ExecuteAsync(database, "ALTER TABLE grain_state RENAME TO grain_state_away;");

        var refused = await Refusal.Of(StatusCode.Unavailable, () => node.Admin.GetAgentAsync(new() { AgentId = "hugo" }).ResponseAsync);

        Assert.Contains("Send it again", refused.Status.Detail, StringComparison.Ordinal);
        await NodeDatabase.ExecuteAsync(database, "ALTER TABLE grain_state_away RENAME TO grain_state;");
        Assert.Equal("Hugo", (await node.Admin.GetAgentAsync(new() { AgentId = "hugo" })).Agent.DisplayName);
    }

    [Fact]
    public async Task An_agent_whose_record_storage_fails_to_write_as_it_activates_is_refused_as_unavailable_until_storage_takes_it()
    {
        var database = SwitchboardNode.NewDatabasePath();
        await using (var first = await SwitchboardNode.Start(database))
        {
            await first.Admin.UpsertAgentAsync(new() { Agent = new AgentProfile { AgentId = "rosa", DisplayName = "Rosa" } });
        }
        // The ticket index says rosa holds a ticket her record does not name (as after a silo died between the two
        // writes, see AgentRecoveryTests), so her next activation writes her record before it answers anything.
        await NodeDatabase.ExecuteAsync(database, """
            INSERT INTO tickets (tenant, ticket_id, status, channel, customer_id, queue_id, assignee, priority, preview, last_sequence, updated_at)
            VALUES ('demo', 't-held', 'Open', 'Chat', 'c-held', 'default', 'rosa', 2, '', 1, '2026-01-05T09:00:00Z');
            """);
        await NodeDatabase.ExecuteAsync(database, WriteFault("demo/rosa"));
        await using var node = await SwitchboardNode.Start(database);

        var refused = await Refusal.Of(StatusCode.Unavailable, () => node.Admin.GetAgentAsync(new() { AgentId = "rosa" }).ResponseAsync);

        Assert.Contains("Send it again", refused.Status.Detail, StringComparison.Ordinal);
        await NodeDatabase.ExecuteAsync(database, "DROP TRIGGER state_fault;");
        Assert.Equal(["t-held"], (await node.Admin.GetAgentAsync(new() { AgentId = "rosa" })).AssignedTicketIds);
    }

    [Fact]
    public async Task A_change_that_loses_a_race_with_another_writer_is_refused_as_aborted_and_made_again_on_the_stored_state()
    {
        await using var node = await SwitchboardNode.Start();
        await node.Admin.UpsertAgentAsync(new() { Agent = new AgentProfile { AgentId = "ivy", DisplayName = "Ivy" } });
        // Someone else wrote the agent's record since this activation read it (its ETag moved on).
        await NodeDatabase.ExecuteAsync(node.DatabasePath, "UPDATE grain_state SET etag = 'written-elsewhere' WHERE grain_id = 'demo/ivy';");
        var renamed = new UpsertAgentRequest { Agent = new AgentProfile { AgentId = "ivy", DisplayName = "Ivy Chen" } };

        var refused = await Refusal.Of(StatusCode.Aborted, () => node.Admin.UpsertAgentAsync(renamed).ResponseAsync);

        Assert.Contains("again", refused.Status.Detail, StringComparison.Ordinal);
        await node.Admin.UpsertAgentAsync(renamed);
        Assert.Equal("Ivy Chen", (await node.Admin.GetAgentAsync(new() { AgentId = "ivy" })).Agent.DisplayName);
    }

    [PostgresFact]
    public async Task In_a_cluster_grain_state_storage_failures_reach_the_gateway_caller_as_unavailable_and_races_as_aborted()
    {
        await using var cluster = await PostgresCluster.Start(silos: 1, gateways: 1);
        var gateway = cluster.Gateways[0];
        await gateway.Admin.UpsertAgentAsync(new() { Agent = new AgentProfile { AgentId = "gina", DisplayName = "Gina" } });
        var renamed = new UpsertAgentRequest { Agent = new AgentProfile { AgentId = "gina", DisplayName = "Gina Rossi" } };

        // A write the database fails.
        await cluster.ExecuteAsync("""
            CREATE FUNCTION state_fault() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'grain state write fails (test)'; END $$;
            CREATE TRIGGER state_fault BEFORE UPDATE ON orleans_grain_state FOR EACH ROW
                WHEN (NEW.grain_id_extension = 'demo/gina') EXECUTE FUNCTION state_fault();
            """);
        var refused = await Refusal.Of(StatusCode.Unavailable, () => gateway.Admin.UpsertAgentAsync(renamed).ResponseAsync);
        Assert.Contains("Send it again", refused.Status.Detail, StringComparison.Ordinal);
        Assert.Equal("Gina", (await gateway.Admin.GetAgentAsync(new() { AgentId = "gina" })).Agent.DisplayName);
        await cluster.ExecuteAsync("DROP TRIGGER state_fault ON orleans_grain_state;");
        await gateway.Admin.UpsertAgentAsync(renamed);
        Assert.Equal("Gina Rossi", (await gateway.Admin.GetAgentAsync(new() { AgentId = "gina" })).Agent.DisplayName);

        // Reads the database fails, when a new agent's or a new conversation's activation reads its record.
        await using var adapter = await AdapterSession.Open(gateway, "webchat");
        var message = AdapterSession.Message("conv-cluster-fault", "m-1", "Hello, anyone?");
        await cluster.ExecuteAsync("ALTER TABLE orleans_grain_state RENAME TO orleans_grain_state_away;");
        var hugo = new UpsertAgentRequest { Agent = new AgentProfile { AgentId = "hugo", DisplayName = "Hugo" } };
        refused = await Refusal.Of(StatusCode.Unavailable, () => gateway.Admin.UpsertAgentAsync(hugo).ResponseAsync);
        Assert.Contains("Send it again", refused.Status.Detail, StringComparison.Ordinal);
        var rejected = await adapter.Send(message);
        Assert.Equal(StreamConversationsResponse.FrameOneofCase.InboundRejected, rejected.FrameCase);
        Assert.Equal((int)StatusCode.Unavailable, rejected.InboundRejected.Code);
        await cluster.ExecuteAsync("ALTER TABLE orleans_grain_state_away RENAME TO orleans_grain_state;");
        await gateway.Admin.UpsertAgentAsync(hugo);
        Assert.Equal("Hugo", (await gateway.Admin.GetAgentAsync(new() { AgentId = "hugo" })).Agent.DisplayName);
        Assert.False((await adapter.SendAcked(message)).Duplicate);

        // Someone else wrote gina's record since her activation read it.
        await cluster.ExecuteAsync("UPDATE orleans_grain_state SET version = version + 1 WHERE grain_id_extension = 'demo/gina';");
        var again = new UpsertAgentRequest { Agent = new AgentProfile { AgentId = "gina", DisplayName = "Gina R." } };
        await Refusal.Of(StatusCode.Aborted, () => gateway.Admin.UpsertAgentAsync(again).ResponseAsync);
        await gateway.Admin.UpsertAgentAsync(again);
        Assert.Equal("Gina R.", (await gateway.Admin.GetAgentAsync(new() { AgentId = "gina" })).Agent.DisplayName);
    }

    [PostgresFact]
    public async Task In_a_cluster_a_ticket_log_the_database_fails_to_read_refuses_the_message_as_unavailable_until_storage_is_back()
    {
        await using var cluster = await PostgresCluster.Start(silos: 1, gateways: 1);
        var gateway = cluster.Gateways[0];
        await using var adapter = await AdapterSession.Open(gateway, "webchat");
        var message = AdapterSession.Message("conv-log-fault", "m-1", "Is my order on its way?");

        // The new conversation's ticket reads its log as it activates; the database (not grain state) fails that read.
        await cluster.ExecuteAsync("ALTER TABLE ticket_events RENAME TO ticket_events_away;");
        var rejected = await adapter.Send(message);
        Assert.Equal(StreamConversationsResponse.FrameOneofCase.InboundRejected, rejected.FrameCase);
        Assert.Equal((int)StatusCode.Unavailable, rejected.InboundRejected.Code);
        Assert.Contains("Send it again", rejected.InboundRejected.Message, StringComparison.Ordinal);

        await cluster.ExecuteAsync("ALTER TABLE ticket_events_away RENAME TO ticket_events;");
        var ack = await adapter.SendAcked(message);
        Assert.False(ack.Duplicate);
        var ticket = await gateway.Agents.GetTicketAsync(new() { TicketId = ack.TicketId });
        Assert.Single(ticket.Ticket.Transcript, entry => entry.Body == "Is my order on its way?");
    }
}
