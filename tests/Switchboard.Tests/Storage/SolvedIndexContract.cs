using Switchboard.Silo.Storage;

namespace Switchboard.Tests.Storage;

/// <summary>What auto-close reads from a ticket index, the same on SQLite and PostgreSQL.</summary>
internal static class SolvedIndexContract
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// Only tickets solved now, and before the time asked, longest solved first: not one reopened or closed since, not
    /// one of another tenant, not one solved later.
    /// </summary>
    public static async Task Solved_tickets_are_read_longest_solved_first(ITicketLogStore store, string tenant)
    {
        await Write(store, tenant, "t-late", "Solved", Start.AddMinutes(30));
        await Write(store, tenant, "t-early", "Solved", Start.AddMinutes(10));
        await Write(store, tenant, "t-middle", "Solved", Start.AddMinutes(20));
        await Write(store, tenant, "t-open", "Open", solvedAt: null);
        await Write(store, "other-" + tenant, "t-other", "Solved", Start);
        // Solved, then reopened: the second row has no solve time.
        await Write(store, tenant, "t-reopened", "Solved", Start);
        await store.AppendAsync(tenant, "t-reopened", 1, [new StoredEvent(2, "reopened", Start.AddMinutes(1), "{}")],
            Row(tenant, "t-reopened", "Open", 2, solvedAt: null));

        Assert.Equal(["t-early", "t-middle"], await store.ReadSolvedBeforeAsync(tenant, Start.AddMinutes(25), 10));
        Assert.Equal(["t-early", "t-middle", "t-late"], await store.ReadSolvedBeforeAsync(tenant, Start.AddMinutes(30), 10));
        Assert.Equal(["t-early"], await store.ReadSolvedBeforeAsync(tenant, Start.AddHours(1), 1));
        Assert.Empty(await store.ReadSolvedBeforeAsync(tenant, Start.AddMinutes(5), 10));
    }

    private static Task Write(ITicketLogStore store, string tenant, string ticketId, string status, DateTimeOffset? solvedAt) =>
        store.AppendAsync(tenant, ticketId, 0, [new StoredEvent(1, "opened", Start, "{}")], Row(tenant, ticketId, status, 1, solvedAt));

    private static TicketIndexRow Row(string tenant, string ticketId, string status, long last, DateTimeOffset? solvedAt) =>
        new(tenant, ticketId, status, "Chat", "c-1", "default", null, null, 0, "hello", last) { SolvedAt = solvedAt };
}
