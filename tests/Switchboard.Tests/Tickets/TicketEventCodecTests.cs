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
