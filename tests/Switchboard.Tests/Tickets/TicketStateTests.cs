using Switchboard.Contracts.Tickets;
using Switchboard.Silo.Tickets;
using Switchboard.Silo.Tickets.Events;

namespace Switchboard.Tests.Tickets;

public sealed class TicketStateTests
{
    private static readonly DateTimeOffset Nine = new(2025, 3, 3, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_wait_is_named_by_the_event_that_queued_the_ticket_and_messages_while_waiting_keep_it()
    {
        var state = Fold(Opened(), Message("m-1", "Hello"), Queued(Nine), Message("m-2", "Anyone?"));

        Assert.Equal((3L, 4L), (state.WaitSequence, state.LastSequence));
        state.Apply(5, new TicketAssignedTo(Nine.AddMinutes(1), "ann"));
        state.Apply(6, new TicketUnassigned(Nine.AddMinutes(2), "ann", "went offline"));
        state.Apply(7, new TicketQueued(Nine.AddMinutes(2), "default", 0, Nine));
        Assert.Equal(7, state.WaitSequence);
    }

    [Fact]
    public void A_supervisors_boost_adds_to_the_priority_level_and_outlasts_a_change_of_level()
    {
        var state = Fold(Opened(), Message("m-1", "hi"), Queued(Nine),
            new TicketUpdated(Nine, "ann", new TicketChanges { Priority = TicketPriority.High }));
        Assert.Equal(1, state.Priority);

        state.Apply(5, new WaitingTicketReprioritized(Nine.AddMinutes(1), 5));
        Assert.Equal((5, 6), (state.PriorityBoost, state.Priority));
        state.Apply(6, new TicketUpdated(Nine.AddMinutes(2), "ann", new TicketChanges { Priority = TicketPriority.Urgent }));
        Assert.Equal(7, state.Priority);
        state.Apply(7, new TicketUpdated(Nine.AddMinutes(3), "ann", new TicketChanges { Priority = TicketPriority.Low }));
        Assert.Equal(4, state.Priority);
        state.Apply(8, new WaitingTicketReprioritized(Nine.AddMinutes(4), 0));
        Assert.Equal((0, -1), (state.PriorityBoost, state.Priority));
        // Back in line after an assignment, the ticket carries its routing priority with it.
        state.Apply(9, new WaitingTicketReprioritized(Nine.AddMinutes(5), 2));
        state.Apply(10, new TicketAssignedTo(Nine.AddMinutes(6), "ann"));
        state.Apply(11, new TicketQueued(Nine.AddMinutes(7), "default", state.Priority, Nine.AddMinutes(7)));
        Assert.Equal(1, state.Priority);
    }

    [Fact]
    public void Fresh_state_is_a_ticket_that_does_not_exist()
    {
        var state = new TicketState();

        Assert.False(state.Exists);
        Assert.Equal(0, state.LastSequence);
        Assert.Empty(state.Transcript);
        Assert.False(state.IsWaiting);
    }

    [Fact]
    public void Opening_message_and_queueing_make_a_new_waiting_ticket()
    {
        var state = Fold(Opened(), Message("m-1", "Where is my order?"), Queued(Nine));

        Assert.True(state.Exists);
        Assert.Equal(3, state.LastSequence);
        Assert.Equal(TicketStatus.New, state.Status);
        Assert.Equal("webchat", state.AdapterId);
        Assert.Equal(ChannelKind.Chat, state.Channel);
        Assert.Equal("conv-1", state.ConversationId);
        Assert.Equal("c-1", state.CustomerId);
        Assert.Equal("+15550100", state.CustomerAddress);
        Assert.Equal(Nine, state.CreatedAt);
        Assert.Equal("default", state.QueueId);
        Assert.Equal(Nine, state.WaitingSince);
        Assert.True(state.IsWaiting);
        Assert.Null(state.AssigneeAgentId);
        Assert.Equal("Where is my order?", state.Preview);
        var entry = Assert.Single(state.Transcript);
        Assert.Equal(new TranscriptEntry(2, Author.Customer, null, "Where is my order?", Nine.AddSeconds(-5)), entry);
    }

    [Fact]
    public void Assignment_ends_the_wait_and_opens_the_ticket()
    {
        var state = Fold(Opened(), Message("m-1", "hi"), Queued(Nine), new TicketAssignedTo(Nine.AddMinutes(1), "alice"));

        Assert.Equal(TicketStatus.Open, state.Status);
        Assert.Equal("alice", state.AssigneeAgentId);
        Assert.False(state.IsWaiting);
    }

    [Fact]
    public void Agent_reply_is_in_the_transcript_with_its_author()
    {
        var state = Fold(Opened(), Message("m-1", "hi"), Queued(Nine), new TicketAssignedTo(Nine, "alice"), new AgentReplied(Nine.AddMinutes(2), "alice", "Hello!"));

        Assert.Equal([Author.Customer, Author.Agent], state.Transcript.Select(e => e.Author));
        Assert.Equal(new TranscriptEntry(5, Author.Agent, "alice", "Hello!", Nine.AddMinutes(2)), state.Transcript[^1]);
    }

    [Fact]
    public void Solved_then_reopened_then_queued_waits_again_at_the_new_time_without_an_assignee()
    {
        var reopenedAt = Nine.AddHours(1);
        var solved = Fold(Opened(), Message("m-1", "hi"), Queued(Nine), new TicketAssignedTo(Nine, "alice"), new TicketSolved(Nine.AddMinutes(5), "alice"));
        Assert.Equal(TicketStatus.Solved, solved.Status);
        Assert.False(solved.IsWaiting);

        var state = Fold(
            Opened(), Message("m-1", "hi"), Queued(Nine), new TicketAssignedTo(Nine, "alice"), new TicketSolved(Nine.AddMinutes(5), "alice"),
            new TicketReopened(reopenedAt), Message("m-2", "again"), Queued(reopenedAt));

        Assert.Equal(TicketStatus.Open, state.Status);
        Assert.Null(state.AssigneeAgentId);
        Assert.Equal(reopenedAt, state.WaitingSince);
        Assert.Equal("hi", state.Preview);
        Assert.Equal(["hi", "again"], state.Transcript.Select(e => e.Body));
    }

    [Fact]
    public void Closed_ticket_no_longer_waits()
    {
        var state = Fold(Opened(), Message("m-1", "hi"), Queued(Nine), new TicketAssignedTo(Nine, "a"), new TicketSolved(Nine, "a"), new TicketClosed(Nine.AddDays(1)));

        Assert.Equal(TicketStatus.Closed, state.Status);
        Assert.False(state.IsWaiting);
        Assert.Equal(6, state.LastSequence);
    }

    [Fact]
    public void Follow_up_remembers_the_ticket_it_follows()
    {
        var state = Fold(Opened(followUpOf: "t-old"));

        Assert.Equal("t-old", state.FollowUpOf);
    }

    [Fact]
    public void Adapter_message_id_finds_the_sequence_it_was_stored_at()
    {
        var state = Fold(Opened(), Message("m-1", "one"), Queued(Nine), Message("m-2", "two"));

        Assert.Equal(2, state.SequenceOf("m-1"));
        Assert.Equal(4, state.SequenceOf("m-2"));
        Assert.Null(state.SequenceOf("m-3"));
        Assert.Null(state.SequenceOf("M-1"));
    }

    [Fact]
    public void Preview_is_the_first_message_cut_to_140_characters()
    {
        var state = Fold(Opened(), Message("m-1", new string('x', 200)), Message("m-2", "later"));

        Assert.Equal(new string('x', 140), state.Preview);
    }

    [Fact]
    public void View_carries_the_folded_state()
    {
        var state = Fold(Opened(), Message("m-1", "hi"), Queued(Nine), new TicketAssignedTo(Nine, "alice"));

        var view = state.ToView("t-1");

        Assert.Equal("t-1", view.TicketId);
        Assert.Equal(TicketStatus.Open, view.Status);
        Assert.Equal("alice", view.AssigneeAgentId);
        Assert.Equal("webchat", view.AdapterId);
        Assert.Equal("conv-1", view.ConversationId);
        Assert.Equal(["hi"], view.Transcript.Select(e => e.Body));
    }

    [Fact]
    public void Tags_fields_merges_and_threads_are_empty_until_first_used_and_changes_count_against_them()
    {
        var state = Fold(Opened(), Message("m-1", "hi"), Queued(Nine));
        var view = state.ToView("t-1");
        Assert.Equal((0, 0, 0, 0), (view.Tags.Count, view.CustomFields.Count, view.MergedFromTicketIds.Count, view.SideConversations.Count));
        Assert.Equal(Nine, state.LastEventAt);

        var requested = new TicketChanges { AddTags = ["vip"], RemoveTags = ["spam"], Fields = new Dictionary<string, string> { ["order"] = "42", ["gone"] = "" } };
        var effective = state.EffectiveChanges(requested);
        Assert.Equal(["vip"], effective.AddTags);
        Assert.Empty(effective.RemoveTags);
        Assert.Equal(["order"], effective.Fields.Keys);

        state.Apply(4, new TicketUpdated(Nine.AddMinutes(1), "ann", effective));
        state.Apply(5, new TicketMergedFrom(Nine.AddMinutes(2), "ann", "t-0"));
        view = state.ToView("t-1");
        Assert.Equal(["vip"], view.Tags);
        Assert.Equal("42", view.CustomFields["order"]);
        Assert.Equal(["t-0"], view.MergedFromTicketIds);
        Assert.Equal(Nine.AddMinutes(2), state.LastEventAt);
        Assert.True(state.EffectiveChanges(new TicketChanges { AddTags = ["vip"], Fields = new Dictionary<string, string> { ["order"] = "42" } }).IsEmpty);
    }

    [Fact]
    public void Survey_waits_until_rated_and_the_rating_remembers_its_survey()
    {
        var solved = new TicketEvent[] { Opened(), Message("m-1", "hi"), Queued(Nine), new TicketAssignedTo(Nine, "alice"), new TicketSolved(Nine, "alice") };
        var sent = Fold([.. solved, new CsatSurveySent(Nine, "csat-6", "alice", "default")]);
        Assert.Equal("csat-6", sent.PendingSurvey?.SurveyId);
        Assert.Equal(new CsatView("csat-6", null, null, null, null), sent.ToView("t-1").Csat);

        var rated = Fold([.. solved, new CsatSurveySent(Nine, "csat-6", "alice", "default"), new CsatRated(Nine.AddHours(1), 5, "Great", "alice", "default")]);

        Assert.Null(rated.PendingSurvey);
        Assert.Equal("csat-6", rated.RatedSurveyId);
        Assert.Equal(new CsatView(null, 5, "Great", "alice", Nine.AddHours(1)), rated.ToView("t-1").Csat);
        Assert.Equal(TicketStatus.Solved, rated.Status);
    }

    [Fact]
    public void Merge_links_both_tickets_and_the_source_ends_closed()
    {
        var source = Fold(Opened(), Message("m-1", "hi"), Queued(Nine), new TicketMergedInto(Nine, "alice", "t-target"), new TicketClosed(Nine));
        var target = Fold(Opened(), Message("m-9", "again"), new TicketMergedFrom(Nine, "alice", "t-a"), new TicketMergedFrom(Nine, "alice", "t-b"));

        Assert.Equal((TicketStatus.Closed, "t-target", false), (source.Status, source.ToView("t-source").MergedIntoTicketId, source.IsWaiting));
        Assert.Equal(["t-a", "t-b"], target.ToView("t-target").MergedFromTicketIds);
        Assert.Equal(["again"], target.Transcript.Select(e => e.Body));
    }

    [Fact]
    public void Side_conversation_messages_stay_in_their_thread_and_a_third_party_reply_reopens_it()
    {
        var state = Fold(
            Opened(), Message("m-1", "hi"), Queued(Nine), new TicketAssignedTo(Nine, "alice"),
            new SideConversationStarted(Nine, "sc-5", "alice", "email", ChannelKind.Email, "supplier@example.com", "Stock", "In stock?"),
            new SideConversationClosed(Nine, "sc-5", "alice"),
            new SideConversationMessageReceived(Nine.AddMinutes(5), "sc-5", "mail-1", "supplier@example.com", "Yes", Nine.AddMinutes(4)));

        var thread = Assert.Single(state.ToView("t-1").SideConversations);
        Assert.True(thread.Open);
        Assert.Equal([(5L, "alice", (string?)null, "In stock?"), (7L, null, "supplier@example.com", "Yes")],
            thread.Messages.Select(m => (m.Sequence, m.AgentId, m.SenderAddress, m.Body)));
        Assert.Equal(7, state.SideConversations.SequenceOf("sc-5", "mail-1"));
        Assert.Equal(["hi"], state.Transcript.Select(e => e.Body));
        Assert.Equal((TicketStatus.Open, "alice"), (state.Status, state.AssigneeAgentId));
    }

    [Fact]
    public void Abandoned_ticket_is_closed_and_no_longer_waits()
    {
        var state = Fold(Opened(), Message("m-1", "hi"), Queued(Nine), new TicketAbandoned(Nine.AddMinutes(3), "default"), new TicketClosed(Nine.AddMinutes(3)));

        Assert.True(state.Abandoned);
        Assert.Equal(TicketStatus.Closed, state.Status);
        Assert.False(state.IsWaiting);
    }

    private static TicketState Fold(params TicketEvent[] events)
    {
        var state = new TicketState();
        for (var i = 0; i < events.Length; i++)
        {
            state.Apply(i + 1, events[i]);
        }
        return state;
    }

    private static TicketOpened Opened(string? followUpOf = null) =>
        new(Nine, "webchat", ChannelKind.Chat, "conv-1", "c-1", "+15550100", followUpOf);

    private static CustomerMessageReceived Message(string adapterMessageId, string body) =>
        new(Nine, adapterMessageId, body, Nine.AddSeconds(-5));

    private static TicketQueued Queued(DateTimeOffset waitingSince) => new(waitingSince, "default", 0, waitingSince);
}
