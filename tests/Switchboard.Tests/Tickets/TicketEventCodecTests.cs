using Switchboard.Contracts.Tickets;
using Switchboard.Silo.Storage;
using Switchboard.Silo.Tickets.Events;

namespace Switchboard.Tests.Tickets;

public sealed class TicketEventCodecTests
{
    private static readonly DateTimeOffset At = new(2025, 3, 3, 9, 30, 15, 123, TimeSpan.Zero);

    public static TheoryData<TicketEvent, string> EveryKind => new()
    {
        { new TicketOpened(At, "webchat", ChannelKind.Email, "thread-1", "c-1", "dana@example.com", "t-old"), "opened" },
        { new TicketOpened(At, "webchat", ChannelKind.Chat, "conv-1", "c-1", "+15550100", null), "opened" },
        { new CustomerMessageReceived(At, "m-1", "Ünïcode \"quoted\"\nline two", At.AddSeconds(-3)), "customer_message" },
        { new AgentReplied(At, "alice", "Hello!"), "agent_reply" },
        { new TicketQueued(At, "default", 2, At.AddMinutes(-10)), "queued" },
        { new TicketAssignedTo(At, "alice"), "assigned" },
        { new TicketSolved(At, "alice"), "solved" },
        { new TicketReopened(At), "reopened" },
        { new TicketClosed(At), "closed" },
        { new SlaPolicyApplied(At, "std", FirstReply: TimeSpan.FromHours(1), WarnBefore: TimeSpan.FromMinutes(10)), "sla_policy_applied" },
        { new SlaPolicyApplied(At, "office", Resolution: TimeSpan.FromHours(8), BusinessHours: new BusinessHours("Europe/Berlin",
            [new OpenHours(DayOfWeek.Monday, TimeSpan.FromHours(9), TimeSpan.FromHours(17)), new OpenHours(DayOfWeek.Friday, TimeSpan.FromHours(9), TimeSpan.FromHours(24))],
            [new DateOnly(2025, 12, 25)])), "sla_policy_applied" },
        { new CsatSurveySent(At, "csat-9", "alice", "default"), "csat_survey_sent" },
        { new CsatRated(At, 4, "Quick", "alice", "default"), "csat_rated" },
        { new CsatRated(At, 1, null, "alice", "default"), "csat_rated" },
        { new TicketMergedInto(At, "alice", "t-target"), "merged_into" },
        { new TicketMergedFrom(At, "alice", "t-source"), "merged_from" },
        { new SideConversationStarted(At, "sc-4", "alice", "email", ChannelKind.Email, "claims@carrier.example", "Claim", "Please"), "side_conversation_started" },
        { new SideConversationReplied(At, "sc-4", "alice", "Thanks"), "side_conversation_reply" },
        { new SideConversationMessageReceived(At, "sc-4", "mail-1", "claims@carrier.example", "Done", At.AddSeconds(-1)), "side_conversation_message" },
        { new SideConversationClosed(At, "sc-4", "alice"), "side_conversation_closed" },
        { new TicketAbandoned(At, "default"), "abandoned" },
    };

    [Fact]
    public void Sla_policy_stored_before_business_hours_existed_reads_as_around_the_clock()
    {
        const string written = "{\"$kind\":\"sla_policy_applied\",\"policyId\":\"std\",\"firstReply\":\"01:00:00\",\"nextReply\":null,"
            + "\"resolution\":null,\"warnBefore\":\"00:00:00\",\"breachPriority\":\"high\",\"at\":\"2025-03-03T09:30:15.123+00:00\"}";

        var decoded = Assert.IsType<SlaPolicyApplied>(TicketEventCodec.Decode(new StoredEvent(4, "sla_policy_applied", At, written)));

        Assert.Equal(new SlaPolicyApplied(At, "std", FirstReply: TimeSpan.FromHours(1), BreachPriority: TicketPriority.High), decoded);
        Assert.Null(decoded.BusinessHours);
    }

    [Fact]
    public void Business_hours_are_stored_readably()
    {
        var stored = TicketEventCodec.Encode(1, new SlaPolicyApplied(At, "office", FirstReply: TimeSpan.FromHours(1),
            BusinessHours: new BusinessHours("Europe/Berlin", [new OpenHours(DayOfWeek.Monday, TimeSpan.FromHours(9), TimeSpan.FromHours(17))], [new DateOnly(2025, 12, 25)])));

        Assert.Contains("\"businessHours\":{\"timeZone\":\"Europe/Berlin\",\"open\":[{\"day\":\"monday\",\"start\":\"09:00:00\",\"end\":\"17:00:00\"}],\"holidays\":[\"2025-12-25\"]}",
            stored.Payload, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(EveryKind))]
    public void Event_survives_encoding_and_decoding(TicketEvent ticketEvent, string kind)
    {
        var stored = TicketEventCodec.Encode(7, ticketEvent);
        var decoded = TicketEventCodec.Decode(stored);

        Assert.Equal(7, stored.Sequence);
        Assert.Equal(kind, stored.Kind);
        Assert.Equal(At, stored.OccurredAt);
        Assert.Equal(ticketEvent, decoded);
        Assert.Equal(ticketEvent.GetType(), decoded.GetType());
    }

    [Theory]
    [MemberData(nameof(EveryKind))]
    public void Stored_payload_names_its_kind_so_reports_can_read_it_with_sql(TicketEvent ticketEvent, string kind)
    {
        var stored = TicketEventCodec.Encode(1, ticketEvent);

        Assert.Contains($"\"$kind\":\"{kind}\"", stored.Payload, StringComparison.Ordinal);
    }

    [Fact]
    public void Channels_are_stored_by_name()
    {
        var stored = TicketEventCodec.Encode(1, new TicketOpened(At, "sms", ChannelKind.Sms, "c", "c-1", "+1", null));

        Assert.Contains("\"channel\":\"sms\"", stored.Payload, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_payload_is_reported_as_bad_data()
    {
        Assert.Throws<InvalidDataException>(() => TicketEventCodec.Decode(new StoredEvent(3, "opened", At, "null")));
    }
}
