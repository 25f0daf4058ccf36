using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Switchboard.EndToEnd.Harness;
using Switchboard.V1;

namespace Switchboard.EndToEnd;

/// <summary>Side conversations: an agent's threads with third parties, kept apart from the customer's transcript.</summary>
public sealed class SideConversationTests
{
    [Fact]
    public async Task Thread_goes_out_through_its_adapter_and_replies_come_back_into_it_only()
    {
        await using var node = await SwitchboardNode.Start();
        await using var desk = await Scenario.AvailableAgent(node, "alice");
        await using var webchat = await AdapterSession.Open(node, "webchat");
        await using var email = await AdapterSession.Open(node, "email");
        var ack = await Scenario.AssignedTicket(webchat, desk, "side-1", "My parcel is damaged");

        var started = await node.Agents.StartSideConversationAsync(new()
        {
            AgentId = "alice", TicketId = ack.TicketId, AdapterId = "email", Channel = Channel.Email,
            RecipientAddress = "claims@carrier.example", Subject = "Damaged parcel claim", Body = "Can you open a claim for this parcel?",
        });

        var outbound = await email.NextOutbound();
        Assert.Equal(OutboundKind.SideConversation, outbound.Kind);
        Assert.Equal((ack.TicketId, started.SideConversationId, started.SideConversationId, "Damaged parcel claim"),
            (outbound.TicketId, outbound.SideConversationId, outbound.ConversationId, outbound.Subject));
        Assert.Equal(("claims@carrier.example", "Can you open a claim for this parcel?", Channel.Email, started.Sequence),
            (outbound.RecipientAddress, outbound.Body, outbound.Channel, outbound.TicketSequence));

        var reply = new SubmitSideConversationMessageRequest
        {
            AdapterId = "email", TicketId = ack.TicketId, SideConversationId = started.SideConversationId, AdapterMessageId = "mail-1",
            SenderAddress = "claims@carrier.example", Body = "Claim 42 opened.", SentAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow),
        };
        var received = await node.Channels.SubmitSideConversationMessageAsync(reply);
        var pushed = (await desk.Inbox.Next(e => e.EventCase == StreamDeskResponse.EventOneofCase.SideConversationMessage)).SideConversationMessage;
        Assert.Equal((ack.TicketId, started.SideConversationId, received.Sequence, "Claim 42 opened."),
            (pushed.TicketId, pushed.SideConversationId, pushed.Message.Sequence, pushed.Message.Body));
        var retried = await node.Channels.SubmitSideConversationMessageAsync(reply);
        Assert.Equal((received.Sequence, true), (retried.Sequence, retried.Duplicate));
        var answer = await node.Agents.ReplySideConversationAsync(new()
        {
            AgentId = "alice", TicketId = ack.TicketId, SideConversationId = started.SideConversationId, Body = "Thanks!",
        });
        var followUp = await email.NextOutbound();
        Assert.Equal(("Thanks!", answer.Sequence, started.SideConversationId), (followUp.Body, followUp.TicketSequence, followUp.SideConversationId));
        await node.Agents.CloseSideConversationAsync(new() { AgentId = "alice", TicketId = ack.TicketId, SideConversationId = started.SideConversationId });

        var ticket = await Scenario.Ticket(node, ack.TicketId);
        Assert.Equal(["My parcel is damaged"], ticket.Transcript.Select(m => m.Body));
        Assert.Equal((TicketStatus.Open, "alice"), (ticket.Status, ticket.AssigneeAgentId));
        var thread = Assert.Single(ticket.SideConversations);
        Assert.Equal((started.SideConversationId, "email", "Damaged parcel claim", false, "alice"),
            (thread.SideConversationId, thread.AdapterId, thread.Subject, thread.Open, thread.StartedByAgentId));
        Assert.Equal(
            [("alice", "", "Can you open a claim for this parcel?"), ("", "claims@carrier.example", "Claim 42 opened."), ("alice", "", "Thanks!")],
            thread.Messages.Select(m => (m.AgentId, m.SenderAddress, m.Body)));
        Assert.True(await webchat.Inbox.NothingWithin(r => r.FrameCase == StreamConversationsResponse.FrameOneofCase.Outbound, TimeSpan.FromMilliseconds(300)));
        Assert.Equal(
            ["side_conversation_started", "side_conversation_message", "side_conversation_reply", "side_conversation_closed"],
            (await TicketHistoryTests.AllEvents(node, ack.TicketId)).Select(e => e.Kind).Where(k => k.StartsWith("side_", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Third_party_reply_on_a_solved_ticket_neither_reopens_nor_reassigns_it_but_reopens_its_thread()
    {
        await using var node = await SwitchboardNode.Start();
        await using var desk = await Scenario.AvailableAgent(node, "alice");
        await using var webchat = await AdapterSession.Open(node, "webchat");
        var ack = await Scenario.AssignedTicket(webchat, desk, "side-2");
        var started = await Start(node, ack.TicketId);
        await node.Agents.CloseSideConversationAsync(new() { AgentId = "alice", TicketId = ack.TicketId, SideConversationId = started.SideConversationId });
        await node.Agents.SolveTicketAsync(new() { AgentId = "alice", TicketId = ack.TicketId });
        var before = await Scenario.Ticket(node, ack.TicketId);

        await node.Channels.SubmitSideConversationMessageAsync(new()
        {
            AdapterId = "email", TicketId = ack.TicketId, SideConversationId = started.SideConversationId, AdapterMessageId = "late-1",
            SenderAddress = "claims@carrier.example", Body = "One more thing",
        });

        var after = await Scenario.Ticket(node, ack.TicketId);
        Assert.Equal((TicketStatus.Solved, before.AssigneeAgentId, before.QueueId), (after.Status, after.AssigneeAgentId, after.QueueId));
        Assert.Equal(before.Transcript, after.Transcript);
        Assert.True(Assert.Single(after.SideConversations).Open);
        Assert.True(await desk.Inbox.NothingWithin(
            e => e.EventCase is StreamDeskResponse.EventOneofCase.Offer or StreamDeskResponse.EventOneofCase.TicketMessage, TimeSpan.FromMilliseconds(500)));
        var position = await node.Channels.GetQueuePositionAsync(new() { TicketId = ack.TicketId });
        Assert.False(position.Waiting);
    }

    [Fact]
    public async Task Wrong_thread_adapter_or_state_is_refused_and_changes_nothing()
    {
        await using var node = await SwitchboardNode.Start();
        await using var desk = await Scenario.AvailableAgent(node, "alice");
        await using var webchat = await AdapterSession.Open(node, "webchat");
        var ack = await Scenario.AssignedTicket(webchat, desk, "side-3");
        var started = await Start(node, ack.TicketId);
        await node.Agents.CloseSideConversationAsync(new() { AgentId = "alice", TicketId = ack.TicketId, SideConversationId = started.SideConversationId });
        var closedTicket = await Scenario.AssignedTicket(webchat, desk, "side-4");
        var onClosed = await Start(node, closedTicket.TicketId);
        await node.Agents.SolveTicketAsync(new() { AgentId = "alice", TicketId = closedTicket.TicketId });
        await node.Admin.CloseTicketAsync(new() { TicketId = closedTicket.TicketId });
        var before = (await Scenario.Ticket(node, ack.TicketId), await Scenario.Ticket(node, closedTicket.TicketId));

        var closedThread = await Refusal.Of(StatusCode.FailedPrecondition, () => node.Agents.ReplySideConversationAsync(new()
        {
            AgentId = "alice", TicketId = ack.TicketId, SideConversationId = started.SideConversationId, Body = "hello?",
        }).ResponseAsync);
        Assert.Contains("closed", closedThread.Status.Detail, StringComparison.Ordinal);
        await Refusal.Of(StatusCode.NotFound, () => node.Agents.ReplySideConversationAsync(new()
        {
            AgentId = "alice", TicketId = ack.TicketId, SideConversationId = "sc-999", Body = "hello?",
        }).ResponseAsync);
        var wrongAdapter = await Refusal.Of(StatusCode.FailedPrecondition, () => node.Channels.SubmitSideConversationMessageAsync(new()
        {
            AdapterId = "webchat", TicketId = ack.TicketId, SideConversationId = started.SideConversationId, AdapterMessageId = "x-1",
            SenderAddress = "claims@carrier.example", Body = "via the wrong adapter",
        }).ResponseAsync);
        Assert.Contains("'email'", wrongAdapter.Status.Detail, StringComparison.Ordinal);
        await Refusal.Of(StatusCode.FailedPrecondition, () => node.Channels.SubmitSideConversationMessageAsync(new()
        {
            AdapterId = "email", TicketId = closedTicket.TicketId, SideConversationId = onClosed.SideConversationId, AdapterMessageId = "x-2",
            SenderAddress = "claims@carrier.example", Body = "too late",
        }).ResponseAsync);
        await Refusal.Of(StatusCode.FailedPrecondition, () => Start(node, closedTicket.TicketId));
        var noSubject = await Refusal.Of(StatusCode.InvalidArgument, () => node.Agents.StartSideConversationAsync(new()
        {
            AgentId = "alice", TicketId = ack.TicketId, AdapterId = "email", Channel = Channel.Email, RecipientAddress = "claims@carrier.example", Body = "hi",
        }).ResponseAsync);
        Assert.Equal("subject", Refusal.FieldOf(noSubject));

        Assert.Equal(before, (await Scenario.Ticket(node, ack.TicketId), await Scenario.Ticket(node, closedTicket.TicketId)));
    }

    [Fact]
    public async Task Threads_survive_a_restart_and_a_retried_reply_is_still_stored_once()
    {
        var database = SwitchboardNode.NewDatabasePath();
        Ticket before;
        SubmitSideConversationMessageRequest reply;
        SubmitSideConversationMessageResponse received;
        await using (var node = await SwitchboardNode.Start(database))
        {
            await using var desk = await Scenario.AvailableAgent(node, "alice");
            await using var webchat = await AdapterSession.Open(node, "webchat");
            var ack = await Scenario.AssignedTicket(webchat, desk, "side-5");
            var started = await Start(node, ack.TicketId);
            reply = new SubmitSideConversationMessageRequest
            {
                AdapterId = "email", TicketId = ack.TicketId, SideConversationId = started.SideConversationId, AdapterMessageId = "mail-9",
                SenderAddress = "claims@carrier.example", Body = "Received.",
            };
            received = await node.Channels.SubmitSideConversationMessageAsync(reply);
            before = await Scenario.Ticket(node, ack.TicketId);
        }

        await using var restarted = await SwitchboardNode.Start(database);
        var retried = await restarted.Channels.SubmitSideConversationMessageAsync(reply);

        Assert.Equal((received.Sequence, true), (retried.Sequence, retried.Duplicate));
        Assert.Equal(before.SideConversations, (await Scenario.Ticket(restarted, before.TicketId)).SideConversations);
    }

    private static Task<StartSideConversationResponse> Start(SwitchboardNode node, string ticketId) =>
        node.Agents.StartSideConversationAsync(new()
        {
            AgentId = "alice", TicketId = ticketId, AdapterId = "email", Channel = Channel.Email,
            RecipientAddress = "claims@carrier.example", Subject = "Claim", Body = "Please look into this.",
        }).ResponseAsync;
}
