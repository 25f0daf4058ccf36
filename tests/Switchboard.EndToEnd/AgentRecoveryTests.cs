using Switchboard.EndToEnd.Harness;
using Switchboard.V1;

namespace Switchboard.EndToEnd;

/// <summary>
/// An agent's record is written after the ticket's log records the assignment. When the agent's activation is lost
/// between the two (its silo died), the next activation must still know the ticket: the desk shows it and the
/// capacity it takes is not offered again.
/// </summary>
public sealed class AgentRecoveryTests
{
    [Fact]
    public async Task Agent_whose_record_missed_an_assignment_takes_it_back_from_the_ticket_index()
    {
        var database = SwitchboardNode.NewDatabasePath();
        string assigned;
        await using (var node = await SwitchboardNode.Start(database))
        {
            await node.Admin.UpsertAgentAsync(new()
            {
                Agent = new AgentProfile
                {
                    AgentId = "rosa",
                    AutoAccept = true,
                    Capacities = { new ChannelCapacity { Channel = Channel.Chat, MaxTickets = 1 } },
                },
            });
            byte[] before;
            await using (var desk = await DeskSession.Open(node, "rosa"))
            {
                await node.Agents.SetPresenceAsync(new() { AgentId = "rosa", Presence = Presence.Available });
                before = await AgentRecord(database, "rosa");

                await using var adapter = await AdapterSession.Open(node, "webchat");
                assigned = (await adapter.SendAcked(AdapterSession.Message("conv-lost-1", "l-1", "Is my order late?"))).TicketId;
                await Eventually.Until(async () =>
                    (await node.Admin.GetAgentAsync(new() { AgentId = "rosa" })).AssignedTicketIds.Contains(assigned));
            }
            await node.Stop();

            // The agent's record as it was before the assignment: what a silo crash between the ticket's write and
            // the agent's write leaves behind.
            await ReplaceAgentRecord(database, "rosa", before);
        }

        await using var restarted = await SwitchboardNode.Start(database);
        Assert.Equal("rosa", (await restarted.Agents.GetTicketAsync(new() { TicketId = assigned })).Ticket.AssigneeAgentId);

        await using var reconnected = await DeskSession.Open(restarted, "rosa");
        Assert.Equal([assigned], reconnected.Snapshot.AssignedTicketIds);
        Assert.Equal([assigned], (await restarted.Admin.GetAgentAsync(new() { AgentId = "rosa" })).AssignedTicketIds);

        // Its one chat seat is taken: a second conversation waits instead of being offered to it.
        await restarted.Agents.SetPresenceAsync(new() { AgentId = "rosa", Presence = Presence.Available });
        await using var adapter2 = await AdapterSession.Open(restarted, "webchat");
        var waiting = (await adapter2.SendAcked(AdapterSession.Message("conv-lost-2", "l-2", "Hello?", sender: "+15550123"))).TicketId;
        await Eventually.Until(async () =>
            (await restarted.Supervisor.GetQueueStatusAsync(new())).Waiting.Any(w => w.TicketId == waiting));
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal("", (await restarted.Agents.GetTicketAsync(new() { TicketId = waiting })).Ticket.AssigneeAgentId);
        Assert.Equal([assigned], (await restarted.Admin.GetAgentAsync(new() { AgentId = "rosa" })).AssignedTicketIds);
    }

    private static async Task<byte[]> AgentRecord(string database, string agentId)
    {
        return (byte[])(await NodeDatabase.ScalarAsync(database, "SELECT payload FROM grain_state WHERE state_name = 'agent' AND grain_id LIKE $id",
            ("$id", $"%/{agentId}")) ?? throw new InvalidOperationException($"no stored record for agent {agentId}"));
    }

    private static async Task ReplaceAgentRecord(string database, string agentId, byte[] payload)
    {
        Assert.Equal(1, await NodeDatabase.ExecuteAsync(database, "UPDATE grain_state SET payload = $payload WHERE state_name = 'agent' AND grain_id LIKE $id",
            ("$id", $"%/{agentId}"), ("$payload", payload)));
    }
}
