using Switchboard.Silo.Storage;

namespace Switchboard.Tests.Storage;

/// <summary>
/// An append whose index row differs from the one its writer last stored only in the log position (a message to a
/// ticket whose routing facts stand still): the same on SQLite and PostgreSQL.
/// </summary>
internal static class AdvancingIndexContract
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// The position moves and the rest of the row stays; a stale append still conflicts and changes nothing; a row that
    /// changed in more than its position is written whole.
    /// </summary>
    public static async Task An_append_that_only_advances_moves_the_position_and_keeps_the_row(ITicketLogStore store, string tenant)
    {
        var opened = Row(tenant, "t-1", "sales", 1);
        await store.AppendAsync(tenant, "t-1", 0, [Event(1, "opened")], opened);

        var advanced = opened with { LastSequence = 3 };
        await store.AppendAsync(tenant, "t-1", 1, [Event(2, "customer_message"), Event(3, "customer_message")], advanced, stored: opened);
        var row = Assert.Single(await store.ReadWaitingAsync(tenant, "sales"));
        Assert.Equal(advanced, row);

        await Assert.ThrowsAsync<LogConflictException>(() =>
            store.AppendAsync(tenant, "t-1", 1, [Event(2, "customer_message")], opened with { LastSequence = 2 }, stored: advanced));
        Assert.Equal(3, Assert.Single(await store.ReadWaitingAsync(tenant, "sales")).LastSequence);
        Assert.Equal([1L, 2L, 3L], (await store.ReadAsync(tenant, "t-1")).Select(e => e.Sequence));

        var moved = advanced with { QueueId = "billing", LastSequence = 4, Priority = 5 };
        await store.AppendAsync(tenant, "t-1", 3, [Event(4, "queued")], moved, stored: advanced);
        Assert.Empty(await store.ReadWaitingAsync(tenant, "sales"));
        Assert.Equal(moved, Assert.Single(await store.ReadWaitingAsync(tenant, "billing")));
    }

    /// <summary>
    /// Only the position is written: what another statement changed in the row since the writer stored it (here an
    /// erasure's redaction of the preview) stays. That is why a writer forgets its stored row when it rewrites it.
    /// </summary>
    public static async Task An_append_that_only_advances_writes_nothing_else(ITicketLogStore store, string tenant)
    {
        var opened = Row(tenant, "t-2", "sales", 1);
        await store.AppendAsync(tenant, "t-2", 0, [Event(1, "opened")], opened);
        await store.RedactCustomerAsync(tenant, "t-2");

        await store.AppendAsync(tenant, "t-2", 1, [Event(2, "customer_message")], opened with { LastSequence = 2 }, stored: opened);
        var row = Assert.Single(await store.ReadWaitingAsync(tenant, "sales"));
        Assert.Equal((2L, ""), (row.LastSequence, row.Preview));

        await store.AppendAsync(tenant, "t-2", 2, [Event(3, "customer_message")], opened with { LastSequence = 3 });
        row = Assert.Single(await store.ReadWaitingAsync(tenant, "sales"));
        Assert.Equal((3L, "hello"), (row.LastSequence, row.Preview));
    }

    private static StoredEvent Event(long sequence, string kind) => new(sequence, kind, Start.AddSeconds(sequence), "{}");

    private static TicketIndexRow Row(string tenant, string ticketId, string queue, long last) =>
        new(tenant, ticketId, "New", "Chat", "c-1", queue, null, Start, 1, "hello", last) { Language = "en", WaitSequence = 1 };
}
