using Google.Protobuf.WellKnownTypes;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Switchboard.Silo.Customers;
using Switchboard.Silo.Tickets;
using Switchboard.EndToEnd.Harness;
using Switchboard.V1;

namespace Switchboard.EndToEnd;

/// <summary>
/// A new conversation is stored by its ticket's opening append alone: the customer and first ticket ids are derived,
/// and the customer's record is written off the message's path. These tests take away what is not written before the
/// ack and check that nothing is lost.
/// </summary>
public sealed class IngestRecoveryTests
{
    [Fact]
    public async Task A_new_conversation_stores_only_its_ticket_and_a_restart_keeps_it_on_that_ticket_and_customer()
    {
        var database = SwitchboardNode.NewDatabasePath();
        InboundAck first;
        await using (var node = await SwitchboardNode.Start(database))
        {
            await using var adapter = await AdapterSession.Open(node, "webchat");
            first = await adapter.SendAcked(AdapterSession.Message("conv-keep", "k-1", "Where is my parcel?", sender: "keeper"));
        }
        // Neither the address's directory entry nor the conversation was written: their ids are derived.
        Assert.Equal(0, await StoredRecords(database, "directory"));
        Assert.Equal(0, await StoredRecords(database, "conversation"));

        await using var restarted = await SwitchboardNode.Start(database);
        await using var again = await AdapterSession.Open(restarted, "webchat");
        var second = await again.SendAcked(AdapterSession.Message("conv-keep", "k-2", "Any news?", sender: "keeper"));
        var otherConversation = await again.SendAcked(AdapterSession.Message("conv-other", "k-3", "Another matter", sender: "keeper"));

        Assert.Equal(first.TicketId, second.TicketId);
        Assert.Equal(first.CustomerId, second.CustomerId);
        Assert.Equal(first.CustomerId, otherConversation.CustomerId);
        Assert.NotEqual(first.TicketId, otherConversation.TicketId);
        var ticket = (await restarted.Agents.GetTicketAsync(new() { TicketId = first.TicketId })).Ticket;
        Assert.Equal(["Where is my parcel?", "Any news?"], ticket.Transcript.Select(m => m.Body));
        var history = await restarted.Agents.ListCustomerTicketsAsync(new() { CustomerId = first.CustomerId });
        Assert.Equal([otherConversation.TicketId, first.TicketId], history.Tickets.Select(t => t.TicketId));
    }

    [Fact]
    public async Task A_follow_up_ticket_is_stored_by_the_conversation_and_stays_its_ticket_after_a_restart()
    {
        var database = SwitchboardNode.NewDatabasePath();
        InboundAck first;
        InboundAck followUp;
        await using (var node = await SwitchboardNode.Start(database))
        {
            await node.Admin.UpsertAgentAsync(new() { Agent = new AgentProfile { AgentId = "fay", AutoAccept = true } });
            await node.Agents.SetPresenceAsync(new() { AgentId = "fay", Presence = Presence.Available });
            await using var adapter = await AdapterSession.Open(node, "webchat");
            first = await adapter.SendAcked(AdapterSession.Message("conv-follow", "f-1", "Hi", sender: "follower"));
            await Eventually.Until(async () =>
                (await node.Agents.GetTicketAsync(new() { TicketId = first.TicketId })).Ticket.AssigneeAgentId == "fay");
            await node.Agents.SolveTicketAsync(new() { AgentId = "fay", TicketId = first.TicketId });
            await node.Admin.CloseTicketAsync(new() { TicketId = first.TicketId });
            followUp = await adapter.SendAcked(AdapterSession.Message("conv-follow", "f-2", "Me again", sender: "follower"));
        }

        await using var restarted = await SwitchboardNode.Start(database);
        await using var again = await AdapterSession.Open(restarted, "webchat");
        var next = await again.SendAcked(AdapterSession.Message("conv-follow", "f-3", "Still me", sender: "follower"));

        Assert.NotEqual(first.TicketId, followUp.TicketId);
        Assert.Equal(followUp.TicketId, next.TicketId);
        Assert.False(next.Duplicate);
        var ticket = (await restarted.Agents.GetTicketAsync(new() { TicketId = followUp.TicketId })).Ticket;
        Assert.Equal(first.TicketId, ticket.FollowUpOfTicketId);
        Assert.Equal(["Me again", "Still me"], ticket.Transcript.Select(m => m.Body));
    }

    [Fact]
    public async Task A_customer_record_lost_before_it_was_written_is_rebuilt_from_the_tickets_and_erasure_still_forgets_the_address()
    {
        var database = SwitchboardNode.NewDatabasePath();
        InboundAck first;
        await using (var node = await SwitchboardNode.Start(database))
        {
            await using var adapter = await AdapterSession.Open(node, "webchat");
            first = await adapter.SendAcked(AdapterSession.Message("conv-lost", "l-1", "My secret order", sender: "lost-person"));
        }
        // A crash right after the ack: the customer's record (written one-way, after the ticket) never made it.
        await DeleteRecords(database, "customer");

        await using var restarted = await SwitchboardNode.Start(database);
        var history = await restarted.Agents.ListCustomerTicketsAsync(new() { CustomerId = first.CustomerId });
        Assert.Equal([first.TicketId], history.Tickets.Select(t => t.TicketId));
        // Erasing before the next contact registers the address again: the address comes from the ticket's log.
        var erased = await restarted.Admin.EraseCustomerAsync(new() { CustomerId = first.CustomerId });

        Assert.Equal([first.TicketId], erased.TicketIds);
        Assert.Equal(1, erased.IdentitiesForgotten);
        await using var adapterAgain = await AdapterSession.Open(restarted, "webchat");
        var again = await adapterAgain.SendAcked(AdapterSession.Message("conv-lost-2", "l-2", "Hello again", sender: "lost-person"));
        Assert.NotEqual(first.CustomerId, again.CustomerId);
    }

    [Fact]
    public async Task After_an_erasure_and_a_restart_the_address_stays_a_new_customer()
    {
        var database = SwitchboardNode.NewDatabasePath();
        InboundAck before;
        InboundAck after;
        await using (var node = await SwitchboardNode.Start(database))
        {
            await using var adapter = await AdapterSession.Open(node, "webchat");
            before = await adapter.SendAcked(AdapterSession.Message("conv-e1", "x-1", "Hello", sender: "erased-person"));
            await node.Admin.EraseCustomerAsync(new() { CustomerId = before.CustomerId });
            after = await adapter.SendAcked(AdapterSession.Message("conv-e2", "x-2", "Hello again", sender: "erased-person"));
        }

        await using var restarted = await SwitchboardNode.Start(database);
        await using var again = await AdapterSession.Open(restarted, "webchat");
        var later = await again.SendAcked(AdapterSession.Message("conv-e3", "x-3", "Me once more", sender: "erased-person"));

        Assert.NotEqual(before.CustomerId, after.CustomerId);
        Assert.Equal(after.CustomerId, later.CustomerId);
        var history = await restarted.Agents.ListCustomerTicketsAsync(new() { CustomerId = after.CustomerId });
        Assert.Equal([later.TicketId, after.TicketId], history.Tickets.Select(t => t.TicketId));
    }

    [Fact]
    public async Task A_new_ticket_under_an_sla_policy_carries_the_policy_in_its_opening_append()
    {
        await using var node = await SwitchboardNode.Start();
        await node.Admin.SetSlaPoliciesAsync(new() { Policies = { new SlaPolicy { PolicyId = "standard", FirstReply = Duration.FromTimeSpan(TimeSpan.FromHours(4)) } } });
        await using var adapter = await AdapterSession.Open(node, "webchat");

        var ack = await adapter.SendAcked(AdapterSession.Message("conv-sla", "s-1", "Hello", sender: "timed"));

        Assert.Equal("standard", (await node.Agents.GetTicketAsync(new() { TicketId = ack.TicketId })).Ticket.SlaPolicyId);
        // One append: the policy is stored with the opening, at the same instant, not in a second write after it.
        var rows = await Events(node.DatabasePath, ack.TicketId);
        Assert.Equal(["opened", "customer_message", "queued", "sla_policy_applied"], rows.Select(r => r.Kind));
        Assert.Single(rows.Select(r => r.OccurredAt).Distinct());
    }

    [Fact]
    public async Task Records_stored_before_ids_were_derived_are_still_followed()
    {
        var database = SwitchboardNode.NewDatabasePath();
        InboundAck older;
        await using (var node = await SwitchboardNode.Start(database))
        {
            await using var adapter = await AdapterSession.Open(node, "webchat");
            older = await adapter.SendAcked(AdapterSession.Message("conv-older", "o-1", "First ever", sender: "legacy-person"));
        }
        // Rows as the code before derived ids wrote them: the address's random customer id, the conversation's current
        // ticket, and the customer's ticket list kept in its record.
        var tenant = (await TenantOf(database))!;
        var serializer = new ServiceCollection()
            .AddSerializer(b => b.AddAssembly(typeof(CustomerDirectoryState).Assembly))
            .BuildServiceProvider().GetRequiredService<Serializer>();
        await Put(database, "customerdirectory", "directory", $"{tenant}/chat:legacy-person",
            serializer.SerializeToArray(new CustomerDirectoryState { CustomerId = "c-legacy000000000" }));
        await Put(database, "conversation", "conversation", $"{tenant}/webchat:conv-legacy",
            serializer.SerializeToArray(new ConversationState { CurrentTicketId = "t-legacy000000000" }));
        await Put(database, "customer", "customer", $"{tenant}/c-legacy000000000",
            serializer.SerializeToArray(new CustomerState { Identities = ["chat:legacy-person"], TicketIds = [older.TicketId] }));

        await using var restarted = await SwitchboardNode.Start(database);
        await using var again = await AdapterSession.Open(restarted, "webchat");
        var ack = await again.SendAcked(AdapterSession.Message("conv-legacy", "o-2", "Back again", sender: "legacy-person"));

        Assert.Equal("t-legacy000000000", ack.TicketId);
        Assert.Equal("c-legacy000000000", ack.CustomerId);
        var history = await restarted.Agents.ListCustomerTicketsAsync(new() { CustomerId = "c-legacy000000000" });
        Assert.Equal(["t-legacy000000000", older.TicketId], history.Tickets.Select(t => t.TicketId));
    }

    private static async Task<string?> TenantOf(string database) =>
        (string?)await NodeDatabase.ScalarAsync(database, "SELECT tenant FROM tickets LIMIT 1");

    private static Task Put(string database, string grainType, string stateName, string grainId, byte[] payload) => NodeDatabase.ExecuteAsync(database, """
        INSERT OR REPLACE INTO grain_state (grain_type, grain_id, state_name, etag, payload, updated_at)
        VALUES ($type, $id, $name, 'legacy', $payload, '2026-01-01T00:00:00.0000000+00:00')
        """, ("$type", grainType), ("$id", grainId), ("$name", stateName), ("$payload", payload));

    private static async Task<List<(string Kind, string OccurredAt)>> Events(string database, string ticketId)
    {
        await using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT kind, occurred_at FROM ticket_events WHERE ticket_id = $ticket ORDER BY sequence";
        command.Parameters.AddWithValue("$ticket", ticketId);
        var rows = new List<(string, string)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.GetString(1)));
        }
        return rows;
    }

    private static Task<long> StoredRecords(string database, string stateName) =>
        NodeDatabase.CountAsync(database, "SELECT COUNT(*) FROM grain_state WHERE state_name = $name", ("$name", stateName));

    private static Task DeleteRecords(string database, string stateName) =>
        NodeDatabase.ExecuteAsync(database, "DELETE FROM grain_state WHERE state_name = $name", ("$name", stateName));
}
