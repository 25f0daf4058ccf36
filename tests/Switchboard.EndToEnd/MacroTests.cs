using Grpc.Core;
using Switchboard.EndToEnd.Harness;
using Switchboard.V1;

namespace Switchboard.EndToEnd;

/// <summary>Macros: defined by admins, applied by agents as one change with one reply.</summary>
public sealed class MacroTests
{
    [Fact]
    public async Task Macro_replies_with_its_placeholders_filled_and_changes_the_ticket()
    {
        await using var node = await SwitchboardNode.Start();
        await node.Admin.UpsertTicketFieldAsync(new() { Field = new TicketField { FieldId = "reason", Kind = TicketFieldKind.DropDown, Options = { "damaged", "lost" } } });
        await node.Admin.UpsertMacroAsync(new() { Macro = RefundMacro() });
        await using var desk = await Scenario.AvailableAgent(node, "alice", "Alice Smith");
        await using var adapter = await AdapterSession.Open(node, "webchat");
        var ack = await Scenario.AssignedTicket(adapter, desk, "m-1", "My parcel is lost", senderName: "Dana");
        await node.Agents.UpdateTicketAsync(new() { AgentId = "alice", TicketId = ack.TicketId, AddTags = { "new-customer" } });
        var eventsBefore = await TicketHistoryTests.AllEvents(node, ack.TicketId);

        var applied = (await node.Agents.ApplyMacroAsync(new() { AgentId = "alice", TicketId = ack.TicketId, MacroId = "refund" })).Ticket;

        var outbound = await adapter.NextOutbound();
        Assert.Equal($"Hi Dana, this is Alice Smith. Your refund for ticket {ack.TicketId} is on its way.", outbound.Body);
        Assert.Equal("alice", outbound.AgentId);
        Assert.Equal(TicketStatus.Pending, applied.Status);
        Assert.Equal(TicketPriority.High, applied.Priority);
        Assert.Equal(["refund"], applied.Tags);
        Assert.Equal("lost", applied.CustomFields["reason"]);
        var reply = applied.Transcript[^1];
        Assert.Equal((outbound.Body, outbound.TicketSequence, false), (reply.Body, reply.Sequence, reply.InternalNote));
        Assert.Equal(applied.Status, (await Scenario.Ticket(node, ack.TicketId)).Status);
        var entry = Assert.Single((await TicketHistoryTests.AllEvents(node, ack.TicketId)).Skip(eventsBefore.Count));
        Assert.Equal(("macro_applied", "agent:alice", reply.Sequence), (entry.Kind, entry.Actor, entry.Sequence));
        Assert.Equal("macro 'refund': public reply; status Pending; priority High; tags +refund -new-customer; reason = lost", entry.Summary);
    }

    [Fact]
    public async Task Macro_that_no_longer_fits_the_ticket_applies_nothing_and_sends_nothing()
    {
        await using var node = await SwitchboardNode.Start();
        await node.Admin.UpsertTicketFieldAsync(new() { Field = new TicketField { FieldId = "reason", Kind = TicketFieldKind.DropDown, Options = { "damaged", "lost" } } });
        await node.Admin.UpsertMacroAsync(new() { Macro = RefundMacro() });
        // The option the macro sets is withdrawn after the macro was written.
        await node.Admin.UpsertTicketFieldAsync(new() { Field = new TicketField { FieldId = "reason", Kind = TicketFieldKind.DropDown, Options = { "damaged" } } });
        await using var desk = await Scenario.AvailableAgent(node, "alice");
        await Scenario.OfflineAgent(node, "bob");
        await using var adapter = await AdapterSession.Open(node, "webchat");
        var ack = await Scenario.AssignedTicket(adapter, desk, "m-2");

        var invalid = await Refusal.Of(StatusCode.InvalidArgument, () =>
            node.Agents.ApplyMacroAsync(new() { AgentId = "alice", TicketId = ack.TicketId, MacroId = "refund" }).ResponseAsync);
        Assert.Equal("custom_fields[reason]", Refusal.FieldOf(invalid));
        await Refusal.Of(StatusCode.PermissionDenied, () =>
            node.Agents.ApplyMacroAsync(new() { AgentId = "bob", TicketId = ack.TicketId, MacroId = "refund" }).ResponseAsync);
        await Refusal.Of(StatusCode.NotFound, () =>
            node.Agents.ApplyMacroAsync(new() { AgentId = "alice", TicketId = ack.TicketId, MacroId = "no-such-macro" }).ResponseAsync);

        Assert.True(await adapter.Inbox.NothingWithin(e => e.FrameCase == StreamConversationsResponse.FrameOneofCase.Outbound, TimeSpan.FromSeconds(1)));
        var ticket = await Scenario.Ticket(node, ack.TicketId);
        Assert.Equal(TicketStatus.Open, ticket.Status);
        Assert.Equal(TicketPriority.Normal, ticket.Priority);
        Assert.Empty(ticket.Tags);
        Assert.Single(ticket.Transcript);
    }

    [Fact]
    public async Task Admin_creates_lists_replaces_and_deletes_macros()
    {
        await using var node = await SwitchboardNode.Start();
        await node.Admin.UpsertMacroAsync(new() { Macro = new Macro { MacroId = "close-out", Title = "Close out", Status = TicketStatus.Solved } });
        var saved = (await node.Admin.UpsertMacroAsync(new() { Macro = RefundMacro(withField: false) })).Macro;
        Assert.Equal(TicketStatus.Pending, saved.Status);

        Assert.Equal(["close-out", "refund"], (await node.Admin.ListMacrosAsync(new())).Macros.Select(m => m.MacroId));
        var replaced = new Macro { MacroId = "refund", Title = "Refund v2", ReplyTemplate = "Refund sent, {{customer.name}}." };
        await node.Admin.UpsertMacroAsync(new() { Macro = replaced });
        Assert.Equal(replaced, (await node.Admin.GetMacroAsync(new() { MacroId = "refund" })).Macro);

        await node.Admin.DeleteMacroAsync(new() { MacroId = "refund" });
        await Refusal.Of(StatusCode.NotFound, () => node.Admin.GetMacroAsync(new() { MacroId = "refund" }).ResponseAsync);
        Assert.Equal(["close-out"], (await node.Admin.ListMacrosAsync(new())).Macros.Select(m => m.MacroId));
    }

    [Theory]
    [InlineData("Hi {{customer.email}}", "", "macro.reply_template")]
    [InlineData("Hi {{customer.name}}", "unknown_field", "macro.custom_fields[unknown_field]")]
    [InlineData("", "", "macro.reply_template")]
    public async Task Macro_with_an_unknown_placeholder_or_field_or_nothing_to_do_is_refused(string template, string fieldId, string faultyField)
    {
        await using var node = await SwitchboardNode.Start();
        var macro = new Macro { MacroId = "bad", ReplyTemplate = template };
        if (fieldId.Length > 0)
        {
            macro.CustomFields[fieldId] = "x";
        }

        var refused = await Refusal.Of(StatusCode.InvalidArgument, () => node.Admin.UpsertMacroAsync(new() { Macro = macro }).ResponseAsync);

        Assert.Equal(faultyField, Refusal.FieldOf(refused));
        Assert.Empty((await node.Admin.ListMacrosAsync(new())).Macros);
    }

    private static Macro RefundMacro(bool withField = true)
    {
        var macro = new Macro
        {
            MacroId = "refund",
            Title = "Refund issued",
            ReplyTemplate = "Hi {{customer.name}}, this is {{ agent.name }}. Your refund for ticket {{ticket.id}} is on its way.",
            Status = TicketStatus.Pending,
            Priority = TicketPriority.High,
            AddTags = { "refund" },
            RemoveTags = { "new-customer" },
        };
        if (withField)
        {
            macro.CustomFields["reason"] = "lost";
        }
        return macro;
    }
}
