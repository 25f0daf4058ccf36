using System.Text.Json;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.EndToEnd.Harness;
using Switchboard.Silo.Storage;
using Switchboard.V1;

namespace Switchboard.EndToEnd;

/// <summary>Satisfaction surveys: sent through the customer's adapter when a ticket is solved, answered by the adapter.</summary>
public sealed class CsatTests
{
    [Fact]
    public async Task Solved_ticket_sends_a_survey_and_the_rating_lands_on_the_ticket()
    {
        await using var node = await SwitchboardNode.Start();
        await node.Admin.SetCsatSettingsAsync(new() { Settings = new CsatSettings { Enabled = true } });
        await using var desk = await Scenario.AvailableAgent(node, "alice");
        await using var adapter = await AdapterSession.Open(node, "webchat");
        await using var watch = await WatchSession.Open(node);
        var ack = await Scenario.AssignedTicket(adapter, desk, "csat-1");

        await node.Agents.SolveTicketAsync(new() { AgentId = "alice", TicketId = ack.TicketId });

        var survey = await adapter.NextOutbound();
        Assert.Equal(OutboundKind.CsatSurvey, survey.Kind);
        Assert.Equal((ack.TicketId, "csat-1", "sender-csat-1"), (survey.TicketId, survey.ConversationId, survey.RecipientAddress));
        Assert.NotEmpty(survey.CsatSurveyId);
        Assert.Equal(survey.CsatSurveyId, (await Scenario.Ticket(node, ack.TicketId)).Csat.PendingSurveyId);

        var rated = await node.Channels.SubmitCsatRatingAsync(new()
        {
            AdapterId = "webchat", TicketId = ack.TicketId, SurveyId = survey.CsatSurveyId, Rating = 4, Comment = "Quick and friendly",
        });
        var retried = await node.Channels.SubmitCsatRatingAsync(new()
        {
            AdapterId = "webchat", TicketId = ack.TicketId, SurveyId = survey.CsatSurveyId, Rating = 1,
        });

        Assert.False(rated.Duplicate);
        Assert.Equal((rated.Sequence, 4, true), (retried.Sequence, retried.Rating, retried.Duplicate));
        var figures = await watch.UntilAgent("alice", a => a.CsatRatingsToday > 0);
        Assert.Equal((1, 4.0), (figures.CsatRatingsToday, figures.CsatAverageToday));
        var csat = (await Scenario.Ticket(node, ack.TicketId)).Csat;
        Assert.Equal(("", 4, "Quick and friendly", "alice"), (csat.PendingSurveyId, csat.Rating, csat.Comment, csat.AgentId));
        var entry = (await TicketHistoryTests.AllEvents(node, ack.TicketId)).Single(e => e.Kind == "csat_rated");
        Assert.Equal((rated.Sequence, $"customer:{ack.CustomerId}", "rated 4/5 with a comment"), (entry.Sequence, entry.Actor, entry.Summary));

        // Reports read the stored payload by these names.
        var stored = (await node.Services.GetRequiredService<ITicketLogStore>().ReadAsync("demo", ack.TicketId)).Single(e => e.Kind == "csat_rated");
        using var payload = JsonDocument.Parse(stored.Payload);
        var root = payload.RootElement;
        Assert.Equal(4, root.GetProperty("rating").GetInt32());
        Assert.Equal("Quick and friendly", root.GetProperty("comment").GetString());
        Assert.Equal("alice", root.GetProperty("agentId").GetString());
        Assert.Equal("default", root.GetProperty("queueId").GetString());
    }

    [Fact]
    public async Task Rating_counts_for_its_agent_and_queue_in_the_report()
    {
        await using var node = await SwitchboardNode.Start();
        var reports = new ReportService.ReportServiceClient(node.WithApiKey(SwitchboardNode.AdminKey));
        var start = DateTimeOffset.UtcNow.AddMinutes(-1);
        await node.Admin.SetCsatSettingsAsync(new() { Settings = new CsatSettings { Enabled = true } });
        await using var desk = await Scenario.AvailableAgent(node, "alice");
        await using var adapter = await AdapterSession.Open(node, "webchat");
        var ack = await Scenario.AssignedTicket(adapter, desk, "csat-report");
        await node.Agents.SolveTicketAsync(new() { AgentId = "alice", TicketId = ack.TicketId });
        var survey = await adapter.NextOutbound();
        await node.Channels.SubmitCsatRatingAsync(new() { AdapterId = "webchat", TicketId = ack.TicketId, SurveyId = survey.CsatSurveyId, Rating = 3 });

        var range = (Timestamp.FromDateTimeOffset(start), Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddMinutes(1)));
        var byAgent = await reports.GetReportAsync(new() { StartTime = range.Item1, EndTime = range.Item2, GroupBy = ReportGrouping.Agent });
        var byQueue = await reports.GetReportAsync(new() { StartTime = range.Item1, EndTime = range.Item2, GroupBy = ReportGrouping.Queue });

        var alice = byAgent.Rows.Single(r => r.Key == "alice");
        Assert.Equal((1L, 3.0), (alice.CsatCount, alice.CsatAverage));
        var queue = byQueue.Rows.Single(r => r.Key == "default");
        Assert.Equal((1L, 3.0), (queue.CsatCount, queue.CsatAverage));
    }

    [Fact]
    public async Task Erasing_the_customer_redacts_their_rating_comment_and_keeps_the_rating()
    {
        await using var node = await SwitchboardNode.Start();
        await node.Admin.SetCsatSettingsAsync(new() { Settings = new CsatSettings { Enabled = true } });
        await using var desk = await Scenario.AvailableAgent(node, "alice");
        await using var adapter = await AdapterSession.Open(node, "webchat");
        var ack = await Scenario.AssignedTicket(adapter, desk, "csat-erase");
        await node.Agents.SolveTicketAsync(new() { AgentId = "alice", TicketId = ack.TicketId });
        var survey = await adapter.NextOutbound();
        await node.Channels.SubmitCsatRatingAsync(new()
        {
            AdapterId = "webchat", TicketId = ack.TicketId, SurveyId = survey.CsatSurveyId, Rating = 2, Comment = "Call me on +1 555 0100",
        });

        await node.Admin.EraseCustomerAsync(new() { CustomerId = ack.CustomerId });

        var csat = (await Scenario.Ticket(node, ack.TicketId)).Csat;
        Assert.Equal((2, "[erased]"), (csat.Rating, csat.Comment));
        var stored = (await node.Services.GetRequiredService<ITicketLogStore>().ReadAsync("demo", ack.TicketId)).Single(e => e.Kind == "csat_rated");
        Assert.DoesNotContain("555", stored.Payload, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_survey_goes_out_unless_enabled_for_the_ticket_channel()
    {
        await using var node = await SwitchboardNode.Start();
        await using var desk = await Scenario.AvailableAgent(node, "alice");
        await using var adapter = await AdapterSession.Open(node, "webchat");
        var off = await Scenario.AssignedTicket(adapter, desk, "csat-off");
        await node.Agents.SolveTicketAsync(new() { AgentId = "alice", TicketId = off.TicketId });
        await node.Admin.SetCsatSettingsAsync(new() { Settings = new CsatSettings { Enabled = true, Channels = { Channel.Email } } });
        var chat = await Scenario.AssignedTicket(adapter, desk, "csat-chat");
        await node.Agents.UpdateTicketAsync(new() { AgentId = "alice", TicketId = chat.TicketId, Status = TicketStatus.Solved });

        Assert.True(await adapter.Inbox.NothingWithin(r => r.FrameCase == StreamConversationsResponse.FrameOneofCase.Outbound, TimeSpan.FromSeconds(1)));
        Assert.Null((await Scenario.Ticket(node, off.TicketId)).Csat);
        Assert.Null((await Scenario.Ticket(node, chat.TicketId)).Csat);
        Assert.Equal([Channel.Email], (await node.Admin.GetCsatSettingsAsync(new())).Settings.Channels);
    }

    [Fact]
    public async Task Rating_out_of_range_or_without_a_pending_survey_is_refused_and_changes_nothing()
    {
        await using var node = await SwitchboardNode.Start();
        await node.Admin.SetCsatSettingsAsync(new() { Settings = new CsatSettings { Enabled = true } });
        await using var desk = await Scenario.AvailableAgent(node, "alice");
        await using var adapter = await AdapterSession.Open(node, "webchat");
        var open = await Scenario.AssignedTicket(adapter, desk, "csat-open");
        var solved = await Scenario.AssignedTicket(adapter, desk, "csat-solved");
        await node.Agents.SolveTicketAsync(new() { AgentId = "alice", TicketId = solved.TicketId });
        var survey = await adapter.NextOutbound();
        var openBefore = await TicketHistoryTests.AllEvents(node, open.TicketId);
        var solvedBefore = await TicketHistoryTests.AllEvents(node, solved.TicketId);

        foreach (var rating in new[] { 0, 6, -1 })
        {
            var refused = await Refusal.Of(StatusCode.InvalidArgument, () => node.Channels.SubmitCsatRatingAsync(new()
            {
                AdapterId = "webchat", TicketId = solved.TicketId, SurveyId = survey.CsatSurveyId, Rating = rating,
            }).ResponseAsync);
            Assert.Equal("rating", Refusal.FieldOf(refused));
        }
        var tooLong = await Refusal.Of(StatusCode.InvalidArgument, () => node.Channels.SubmitCsatRatingAsync(new()
        {
            AdapterId = "webchat", TicketId = solved.TicketId, SurveyId = survey.CsatSurveyId, Rating = 3, Comment = new string('x', 2001),
        }).ResponseAsync);
        Assert.Equal("comment", Refusal.FieldOf(tooLong));
        var noSurvey = await Refusal.Of(StatusCode.FailedPrecondition, () => node.Channels.SubmitCsatRatingAsync(new()
        {
            AdapterId = "webchat", TicketId = open.TicketId, SurveyId = survey.CsatSurveyId, Rating = 5,
        }).ResponseAsync);
        Assert.Contains("no satisfaction survey waiting", noSurvey.Status.Detail, StringComparison.Ordinal);
        await Refusal.Of(StatusCode.FailedPrecondition, () => node.Channels.SubmitCsatRatingAsync(new()
        {
            AdapterId = "webchat", TicketId = solved.TicketId, SurveyId = "csat-999", Rating = 5,
        }).ResponseAsync);
        await Refusal.Of(StatusCode.NotFound, () => node.Channels.SubmitCsatRatingAsync(new()
        {
            AdapterId = "webchat", TicketId = "t-nosuchticket", SurveyId = survey.CsatSurveyId, Rating = 5,
        }).ResponseAsync);

        Assert.Equal(openBefore, await TicketHistoryTests.AllEvents(node, open.TicketId));
        Assert.Equal(solvedBefore, await TicketHistoryTests.AllEvents(node, solved.TicketId));
        var csat = (await Scenario.Ticket(node, solved.TicketId)).Csat;
        Assert.Equal((survey.CsatSurveyId, 0), (csat.PendingSurveyId, csat.Rating));
    }
}
