using Switchboard.Contracts.Tickets;
using Switchboard.Silo.Storage;
using Switchboard.Silo.Tickets.Events;

namespace Switchboard.Tests.Reports;

/// <summary>
/// Known traffic with fixed timestamps, appended to a real ticket log store. The report range is the two New York
/// days 10 and 11 January 2026 (UTC−5); figures per ticket (minutes after its opening unless said):
/// A sales, policy gold: alice assigned +2, replies +5, solves +30; CSAT 5. Opened 14:00Z.
/// B sales, policy gold: bob assigned +10, macro reply +20, resolution breach, transferred to billing +70,
///   alice assigned +80, solves +120; CSAT 3. Opened 15:00Z.
/// C support: opened 04:30Z on the 11th (still the 10th in New York), abandoned +15.
/// D support, no policy: opened before the range (04:00Z on the 10th, the 9th in New York); carol assigned +26h,
///   replies +26h30, solves by a status update +27h.
/// E: opened after the range; F: another tenant, inside the range. Neither may count.
/// </summary>
public static class ReportTraffic
{
    public static readonly DateTimeOffset From = new(2026, 1, 10, 5, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset To = new(2026, 1, 12, 5, 0, 0, TimeSpan.Zero);

    private static readonly DateTimeOffset OpenedA = new(2026, 1, 10, 14, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset OpenedB = new(2026, 1, 10, 15, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset OpenedC = new(2026, 1, 11, 4, 30, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset OpenedD = new(2026, 1, 10, 4, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset OpenedE = new(2026, 1, 12, 6, 0, 0, TimeSpan.Zero);

    public static async Task AppendAsync(ITicketLogStore store, string tenant, string otherTenant)
    {
        await Append(store, tenant, "t-a",
            Opened(OpenedA),
            Events.Queued(OpenedA, "sales"),
            Events.Policy(OpenedA, "gold"),
            Encode(new TicketAssignedTo(OpenedA.AddMinutes(2), "alice")),
            Encode(new AgentReplied(OpenedA.AddMinutes(5), "alice", "Looking into it")),
            Encode(new TicketSolved(OpenedA.AddMinutes(30), "alice")),
            Events.Csat(OpenedA.AddMinutes(40), 5, "alice", "sales"));
        await Append(store, tenant, "t-b",
            Opened(OpenedB),
            Events.Queued(OpenedB, "sales"),
            Events.Policy(OpenedB, "gold"),
            Encode(new TicketAssignedTo(OpenedB.AddMinutes(10), "bob")),
            Encode(new MacroApplied(OpenedB.AddMinutes(20), "bob", "greet", new TicketChanges(), "Hello!")),
            Encode(new MacroApplied(OpenedB.AddMinutes(25), "bob", "tag", new TicketChanges { AddTags = ["vip"] }, null)),
            Encode(new SlaBreached(OpenedB.AddMinutes(60), SlaMetric.Resolution, OpenedB.AddMinutes(60))),
            Encode(new TicketTransferred(OpenedB.AddMinutes(70), "bob", "billing", null)),
            Events.Queued(OpenedB.AddMinutes(70), "billing"),
            Encode(new TicketAssignedTo(OpenedB.AddMinutes(80), "alice")),
            Encode(new AgentReplied(OpenedB.AddMinutes(90), "alice", "Refunded")),
            Encode(new TicketSolved(OpenedB.AddMinutes(120), "alice")),
            Events.Csat(OpenedB.AddMinutes(125), 3, "alice", "billing"));
        await Append(store, tenant, "t-c",
            Opened(OpenedC),
            Events.Queued(OpenedC, "support"),
            Events.Abandoned(OpenedC.AddMinutes(15), "support"));
        await Append(store, tenant, "t-d",
            Opened(OpenedD),
            Events.Queued(OpenedD, "support"),
            Events.Policy(OpenedD, null),
            Encode(new TicketAssignedTo(OpenedD.AddHours(26), "carol")),
            Encode(new AgentReplied(OpenedD.AddMinutes(26 * 60 + 30), "carol", "Sorry for the wait")),
            Encode(new TicketUpdated(OpenedD.AddHours(27), "carol", new TicketChanges { Status = TicketStatus.Solved })));
        await Append(store, tenant, "t-e",
            Opened(OpenedE),
            Events.Queued(OpenedE, "sales"),
            Encode(new TicketSolved(OpenedE.AddMinutes(1), "alice")));
        await Append(store, otherTenant, "t-f",
            Opened(OpenedA),
            Events.Queued(OpenedA, "sales"),
            Encode(new TicketSolved(OpenedA.AddMinutes(1), "alice")));
    }

    private static Func<long, StoredEvent> Opened(DateTimeOffset at) =>
        Encode(new TicketOpened(at, "webchat", ChannelKind.Chat, $"conv-{at.Ticks}", "c-1", "visitor", null));

    private static Func<long, StoredEvent> Encode(TicketEvent ticketEvent) => sequence => TicketEventCodec.Encode(sequence, ticketEvent);

    private static Task Append(ITicketLogStore store, string tenant, string ticketId, params Func<long, StoredEvent>[] events)
    {
        var rows = events.Select((e, i) => e(i + 1)).ToArray();
        var index = new TicketIndexRow(tenant, ticketId, "solved", "chat", "c-1", "sales", null, null, 0, "", rows.Length);
        return store.AppendAsync(tenant, ticketId, 0, rows, index);
    }

    /// <summary>Rows as the ticket grain writes them, and the two kinds written raw (as their producer will).</summary>
    private static class Events
    {
        public static Func<long, StoredEvent> Queued(DateTimeOffset at, string queueId) => Encode(new TicketQueued(at, queueId, 0, at));

        public static Func<long, StoredEvent> Policy(DateTimeOffset at, string? policyId) =>
            Encode(new SlaPolicyApplied(at, policyId, Resolution: policyId is null ? null : TimeSpan.FromHours(1)));

        public static Func<long, StoredEvent> Csat(DateTimeOffset at, int rating, string agentId, string queueId) => sequence =>
            new StoredEvent(sequence, "csat_rated", at,
                $$"""{"$kind":"csat_rated","at":"{{at:O}}","rating":{{rating}},"comment":"thanks","agentId":"{{agentId}}","queueId":"{{queueId}}"}""");

        public static Func<long, StoredEvent> Abandoned(DateTimeOffset at, string queueId) => sequence =>
            new StoredEvent(sequence, "abandoned", at, $$"""{"$kind":"abandoned","at":"{{at:O}}","queueId":"{{queueId}}"}""");
    }
}
