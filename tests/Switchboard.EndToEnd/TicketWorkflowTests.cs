using Grpc.Core;
using Switchboard.EndToEnd.Harness;
using Switchboard.V1;

namespace Switchboard.EndToEnd;

/// <summary>Statuses, priorities, tags, custom fields, notes and auto-close, through the real host over gRPC.</summary>
public sealed class TicketWorkflowTests
{
    [Fact]
    public async Task Assignee_moves_a_ticket_between_open_pending_and_on_hold_and_solves_it()
    {
        await using var node = await SwitchboardNode.Start();
        await using var desk = await Scenario.AvailableAgent(node, "alice");
        await using var adapter = await AdapterSession.Open(node, "webchat");
        var ack = await Scenario.AssignedTicket(adapter, desk, "wf-1");

        foreach (var status in new[] { TicketStatus.Pending, TicketStatus.OnHold, TicketStatus.Open, TicketStatus.OnHold, TicketStatus.Pending, TicketStatus.Solved })
        {
            var updated = await node.Agents.UpdateTicketAsync(new() { AgentId = "alice", TicketId = ack.TicketId, Status = status });
            Assert.Equal(status, updated.Ticket.Status);
            Assert.Equal(status, (await Scenario.Ticket(node, ack.TicketId)).Status);
        }
        await desk.Inbox.Next(e => e.EventCase == StreamDeskResponse.EventOneofCase.TicketReleased && e.TicketReleased.TicketId == ack.TicketId);
        Assert.Empty((await node.Admin.GetAgentAsync(new() { AgentId = "alice" })).AssignedTicketIds);
    }

    [Fact]
    public async Task Forbidden_status_changes_are_refused_and_change_nothing()
    {
        await using var node = await SwitchboardNode.Start();
        await using var desk = await Scenario.AvailableAgent(node, "alice");
        await Scenario.OfflineAgent(node, "bob");
        await using var adapter = await AdapterSession.Open(node, "webchat");
        var ack = await Scenario.AssignedTicket(adapter, desk, "wf-2");

        var toClosed = await Refusal.Of(StatusCode.FailedPrecondition, () =>
            node.Agents.UpdateTicketAsync(new() { AgentId = "alice", TicketId = ack.TicketId, Status = TicketStatus.Closed, Priority = TicketPriority.Urgent, AddTags = { "vip" } }).ResponseAsync);
        Assert.Contains("Open to Closed", toClosed.Status.Detail, StringComparison.Ordinal);
        await Refusal.Of(StatusCode.FailedPrecondition, () =>
            node.Agents.UpdateTicketAsync(new() { AgentId = "alice", TicketId = ack.TicketId, Status = TicketStatus.New }).ResponseAsync);
        await Refusal.Of(StatusCode.PermissionDenied, () =>
            node.Agents.UpdateTicketAsync(new() { AgentId = "bob", TicketId = ack.TicketId, Status = TicketStatus.Pending }).ResponseAsync);
        var unchanged = await Scenario.Ticket(node, ack.TicketId);
        Assert.Equal(TicketStatus.Open, unchanged.Status);
        Assert.Equal(TicketPriority.Normal, unchanged.Priority);
        Assert.Empty(unchanged.Tags);

        await node.Agents.SolveTicketAsync(new() { AgentId = "alice", TicketId = ack.TicketId });
        var reopen = await Refusal.Of(StatusCode.FailedPrecondition, () =>
            node.Agents.UpdateTicketAsync(new() { AgentId = "alice", TicketId = ack.TicketId, Status = TicketStatus.Open }).ResponseAsync);
        Assert.Contains("a customer message reopens it", reopen.Status.Detail, StringComparison.Ordinal);
        await node.Admin.CloseTicketAsync(new() { TicketId = ack.TicketId });
        await Refusal.Of(StatusCode.FailedPrecondition, () =>
            node.Agents.UpdateTicketAsync(new() { AgentId = "alice", TicketId = ack.TicketId, Priority = TicketPriority.High }).ResponseAsync);
        await Refusal.Of(StatusCode.FailedPrecondition, () =>
            node.Agents.AddInternalNoteAsync(new() { AgentId = "alice", TicketId = ack.TicketId, Body = "too late" }).ResponseAsync);
        var closed = await Scenario.Ticket(node, ack.TicketId);
        Assert.Equal(TicketStatus.Closed, closed.Status);
        Assert.Equal(TicketPriority.Normal, closed.Priority);
    }

    [Fact]
    public async Task Status_change_of_a_ticket_nobody_has_taken_is_refused()
    {
        await using var node = await SwitchboardNode.Start();
        await Scenario.OfflineAgent(node, "bob");
        await using var adapter = await AdapterSession.Open(node, "webchat");
        var ack = await adapter.SendAcked(AdapterSession.Message("wf-new", "wf-new-1", "Anyone there?"));

        await Refusal.Of(StatusCode.PermissionDenied, () =>
            node.Agents.UpdateTicketAsync(new() { AgentId = "bob", TicketId = ack.TicketId, Status = TicketStatus.Solved }).ResponseAsync);
        Assert.Equal(TicketStatus.New, (await Scenario.Ticket(node, ack.TicketId)).Status);
    }

    [Fact]
    public async Task Customer_reply_takes_a_pending_ticket_back_to_open()
    {
        await using var node = await SwitchboardNode.Start();
        await using var desk = await Scenario.AvailableAgent(node, "alice");
        await using var adapter = await AdapterSession.Open(node, "webchat");
        var ack = await Scenario.AssignedTicket(adapter, desk, "wf-3");
        await node.Agents.UpdateTicketAsync(new() { AgentId = "alice", TicketId = ack.TicketId, Status = TicketStatus.Pending });

        await adapter.SendAcked(AdapterSession.Message("wf-3", "wf-3-2", "Here is the photo", sender: "sender-wf-3"));

        var ticket = await Scenario.Ticket(node, ack.TicketId);
        Assert.Equal(TicketStatus.Open, ticket.Status);
        Assert.Equal("alice", ticket.AssigneeAgentId);
    }

    [Fact]
    public async Task Priority_tags_custom_fields_and_subject_are_set_and_cleared()
    {
        await using var node = await SwitchboardNode.Start();
        await DefineFields(node);
        await using var desk = await Scenario.AvailableAgent(node, "alice");
        await Scenario.OfflineAgent(node, "bob");
        await using var adapter = await AdapterSession.Open(node, "webchat");
        var ack = await Scenario.AssignedTicket(adapter, desk, "wf-4");

        // Any agent may change a ticket's details, not only its assignee.
        var set = (await node.Agents.UpdateTicketAsync(new()
        {
            AgentId = "bob",
            TicketId = ack.TicketId,
            Priority = TicketPriority.High,
            AddTags = { "refund", "vip" },
            CustomFields = { ["order_number"] = "12345", ["amount"] = "19.90", ["plan"] = "gold", ["gift"] = "True", ["note"] = "fragile" },
            Subject = "Refund for order 12345",
        })).Ticket;
        Assert.Equal(TicketPriority.High, set.Priority);
        Assert.Equal(["refund", "vip"], set.Tags);
        Assert.Equal("19.90", set.CustomFields["amount"]);
        Assert.Equal("true", set.CustomFields["gift"]);
        Assert.Equal("gold", set.CustomFields["plan"]);
        Assert.Equal("Refund for order 12345", set.Subject);

        var cleared = (await node.Agents.UpdateTicketAsync(new()
        {
            AgentId = "alice",
            TicketId = ack.TicketId,
            Priority = TicketPriority.Low,
            RemoveTags = { "vip" },
            AddTags = { "follow-up" },
            CustomFields = { ["note"] = "", ["amount"] = "-3" },
        })).Ticket;
        Assert.Equal(TicketPriority.Low, cleared.Priority);
        Assert.Equal(["follow-up", "refund"], cleared.Tags);
        Assert.False(cleared.CustomFields.ContainsKey("note"));
        Assert.Equal("-3", cleared.CustomFields["amount"]);
        Assert.Equal("Refund for order 12345", cleared.Subject);

        var fetched = await Scenario.Ticket(node, ack.TicketId);
        Assert.Equal(cleared.CustomFields, fetched.CustomFields);
        Assert.Equal(cleared.Tags, fetched.Tags);
    }

    [Theory]
    [InlineData("amount", "twelve")]
    [InlineData("plan", "platinum")]
    [InlineData("gift", "yes")]
    [InlineData("unknown_field", "x")]
    public async Task Invalid_custom_field_value_is_refused_naming_the_field(string fieldId, string value)
    {
        await using var node = await SwitchboardNode.Start();
        await DefineFields(node);
        await using var desk = await Scenario.AvailableAgent(node, "alice");
        await using var adapter = await AdapterSession.Open(node, "webchat");
        var ack = await Scenario.AssignedTicket(adapter, desk, "wf-5");

        var refused = await Refusal.Of(StatusCode.InvalidArgument, () => node.Agents.UpdateTicketAsync(new()
        {
            AgentId = "alice",
            TicketId = ack.TicketId,
            Priority = TicketPriority.Urgent,
            CustomFields = { ["order_number"] = "777", [fieldId] = value },
        }).ResponseAsync);

        Assert.Equal($"custom_fields[{fieldId}]", Refusal.FieldOf(refused));
        var ticket = await Scenario.Ticket(node, ack.TicketId);
        Assert.Empty(ticket.CustomFields);
        Assert.Equal(TicketPriority.Normal, ticket.Priority);
    }

    [Fact]
    public async Task Drop_down_field_without_options_is_refused()
    {
        await using var node = await SwitchboardNode.Start();
        var refused = await Refusal.Of(StatusCode.InvalidArgument, () => node.Admin.UpsertTicketFieldAsync(new()
        {
            Field = new TicketField { FieldId = "plan", Kind = TicketFieldKind.DropDown },
        }).ResponseAsync);
        Assert.Equal("field.options", Refusal.FieldOf(refused));
        Assert.Empty((await node.Admin.ListTicketFieldsAsync(new())).Fields);
    }

    [Fact]
    public async Task Internal_note_is_on_the_transcript_and_never_reaches_the_customer()
    {
        await using var node = await SwitchboardNode.Start();
        await using var desk = await Scenario.AvailableAgent(node, "alice");
        await Scenario.OfflineAgent(node, "bob");
        var adapter = await AdapterSession.Open(node, "webchat");
        var ack = await Scenario.AssignedTicket(adapter, desk, "wf-6");

        var note = await node.Agents.AddInternalNoteAsync(new() { AgentId = "bob", TicketId = ack.TicketId, Body = "Customer is on the fraud watch list" });

        // The assignee sees a colleague's note live; the customer's adapter gets nothing, now or on reconnect.
        var live = await desk.NextMessage();
        Assert.True(live.Message.InternalNote);
        Assert.Equal(note.Sequence, live.Message.Sequence);
        Assert.True(await adapter.Inbox.NothingWithin(e => e.FrameCase == StreamConversationsResponse.FrameOneofCase.Outbound, TimeSpan.FromSeconds(1)));
        await adapter.DisposeAsync();
        await using var reconnected = await AdapterSession.Open(node, "webchat");
        var welcome = reconnected.Inbox.Seen.Single(e => e.FrameCase == StreamConversationsResponse.FrameOneofCase.Welcome).Welcome;
        Assert.Equal(0, welcome.PendingDeliveries);

        await node.Agents.ReplyAsync(new() { AgentId = "alice", TicketId = ack.TicketId, Body = "We are looking into it." });
        Assert.Equal("We are looking into it.", (await reconnected.NextOutbound()).Body);
        var ticket = await Scenario.Ticket(node, ack.TicketId);
        Assert.Equal([false, true, false], ticket.Transcript.Select(m => m.InternalNote));
        var noted = ticket.Transcript[1];
        Assert.Equal(("bob", Author.Agent, "Customer is on the fraud watch list"), (noted.AgentId, noted.Author, noted.Body));
    }

    [Fact]
    public async Task Raising_priority_moves_a_waiting_ticket_ahead_in_its_queue()
    {
        await using var node = await SwitchboardNode.Start();
        await Scenario.OfflineAgent(node, "triage");
        await using var adapter = await AdapterSession.Open(node, "webchat");
        var tickets = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            tickets.Add((await adapter.SendAcked(AdapterSession.Message($"p-{i}", $"p-{i}", "waiting", sender: $"p-{i}"))).TicketId);
        }

        await node.Agents.UpdateTicketAsync(new() { AgentId = "triage", TicketId = tickets[2], Priority = TicketPriority.Urgent });
        await node.Agents.UpdateTicketAsync(new() { AgentId = "triage", TicketId = tickets[0], Priority = TicketPriority.Low });

        await Eventually.Until(async () =>
            (await node.Supervisor.GetQueueStatusAsync(new())).Waiting.Select(w => w.TicketId).SequenceEqual([tickets[2], tickets[1], tickets[0]]),
            because: "the urgent ticket is first in line and the low one last");
        Assert.Equal(1, (await node.Channels.GetQueuePositionAsync(new() { TicketId = tickets[2] })).Position);
    }

    [Fact]
    public async Task Solved_ticket_closes_automatically_after_the_configured_time()
    {
        await using var node = await SwitchboardNode.Start(null, "--Switchboard:Tickets:AutoCloseAfter=00:00:01");
        await using var desk = await Scenario.AvailableAgent(node, "alice");
        await using var adapter = await AdapterSession.Open(node, "webchat");
        var ack = await Scenario.AssignedTicket(adapter, desk, "wf-7");

        await node.Agents.UpdateTicketAsync(new() { AgentId = "alice", TicketId = ack.TicketId, Status = TicketStatus.Solved });

        await Eventually.Until(async () => (await Scenario.Ticket(node, ack.TicketId)).Status == TicketStatus.Closed,
            TimeSpan.FromSeconds(20), "the solved ticket closes one second after the solve");
        var next = await adapter.SendAcked(AdapterSession.Message("wf-7", "wf-7-2", "One more thing", sender: "sender-wf-7"));
        Assert.NotEqual(ack.TicketId, next.TicketId);
        Assert.Equal(ack.TicketId, (await Scenario.Ticket(node, next.TicketId)).FollowUpOfTicketId);
    }

    [Fact]
    public async Task Reopened_ticket_is_not_closed_by_its_earlier_solve()
    {
        await using var node = await SwitchboardNode.Start(null, "--Switchboard:Tickets:AutoCloseAfter=00:00:01.500");
        await using var desk = await Scenario.AvailableAgent(node, "alice");
        await using var adapter = await AdapterSession.Open(node, "webchat");
        var ack = await Scenario.AssignedTicket(adapter, desk, "wf-8");
        await node.Agents.SolveTicketAsync(new() { AgentId = "alice", TicketId = ack.TicketId });

        await adapter.SendAcked(AdapterSession.Message("wf-8", "wf-8-2", "It broke again", sender: "sender-wf-8"));
        await Task.Delay(TimeSpan.FromSeconds(3));

        Assert.Equal(TicketStatus.Open, (await Scenario.Ticket(node, ack.TicketId)).Status);
    }

    private static async Task DefineFields(SwitchboardNode node)
    {
        await node.Admin.UpsertTicketFieldAsync(new() { Field = new TicketField { FieldId = "order_number", DisplayName = "Order number", Kind = TicketFieldKind.Text } });
        await node.Admin.UpsertTicketFieldAsync(new() { Field = new TicketField { FieldId = "note", Kind = TicketFieldKind.Text } });
        await node.Admin.UpsertTicketFieldAsync(new() { Field = new TicketField { FieldId = "amount", DisplayName = "Amount", Kind = TicketFieldKind.Number } });
        await node.Admin.UpsertTicketFieldAsync(new() { Field = new TicketField { FieldId = "plan", DisplayName = "Plan", Kind = TicketFieldKind.DropDown, Options = { "basic", "gold" } } });
        await node.Admin.UpsertTicketFieldAsync(new() { Field = new TicketField { FieldId = "gift", DisplayName = "Gift wrap", Kind = TicketFieldKind.Checkbox } });
        Assert.Equal(["amount", "gift", "note", "order_number", "plan"], (await node.Admin.ListTicketFieldsAsync(new())).Fields.Select(f => f.FieldId));
    }
}
