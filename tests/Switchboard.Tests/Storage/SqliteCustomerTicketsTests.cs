using Switchboard.Silo.Storage;
using Switchboard.Silo.Storage.Sqlite;

namespace Switchboard.Tests.Storage;

/// <summary>
/// A customer read from the SQLite ticket index: ticket history (schema version 6), and the address, name and last agent
/// of each ticket (version 8).
/// </summary>
public sealed class SqliteCustomerTicketsTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly string _path = TemporaryDatabase.NewPath();

    public void Dispose() => TemporaryDatabase.Delete(_path);

    [Fact]
    public async Task Customer_tickets_are_the_index_rows_for_that_customer_oldest_opening_first()
    {
        var store = new SqliteTicketLogStore(new SqliteDatabase(_path));
        // Opened in the order t-b, t-a; t-a is written to last, t-c is another customer's.
        await Open(store, "t-b", "c-1", Start.AddMinutes(1));
        await Open(store, "t-a", "c-1", Start.AddMinutes(2));
        await Open(store, "t-c", "c-2", Start);
        await store.AppendAsync("tenant", "t-b", 1, [new StoredEvent(2, "message_received", Start.AddMinutes(5), "{}")], Row("t-b", "c-1", 2));

        Assert.Equal(["t-b", "t-a"], await TicketIds(store, "tenant", "c-1"));
        Assert.Equal(["t-c"], await TicketIds(store, "tenant", "c-2"));
        Assert.Empty(await TicketIds(store, "other-tenant", "c-1"));
        Assert.Empty(await TicketIds(store, "tenant", "c-nobody"));
    }

    [Fact]
    public async Task The_preferred_agent_is_the_last_agent_of_the_most_recently_assigned_ticket()
    {
        var store = new SqliteTicketLogStore(new SqliteDatabase(_path));
        Assert.Null(await store.ReadPreferredAgentAsync("tenant", "c-1"));
        await Open(store, "t-a", "c-1", Start);
        await Open(store, "t-b", "c-1", Start.AddMinutes(1));
        Assert.Null(await store.ReadPreferredAgentAsync("tenant", "c-1"));

        // t-b went to bo after t-a went to ann; t-a is written to last, which does not make ann the last agent.
        await store.AppendAsync("tenant", "t-a", 1, [new StoredEvent(2, "assigned", Start.AddMinutes(2), "{}")],
            Row("t-a", "c-1", 2) with { LastAgentId = "ann", LastAssignedAt = Start.AddMinutes(2) });
        await store.AppendAsync("tenant", "t-b", 1, [new StoredEvent(2, "assigned", Start.AddMinutes(3), "{}")],
            Row("t-b", "c-1", 2) with { LastAgentId = "bo", LastAssignedAt = Start.AddMinutes(3) });
        await store.AppendAsync("tenant", "t-a", 2, [new StoredEvent(3, "solved", Start.AddMinutes(9), "{}")],
            Row("t-a", "c-1", 3) with { LastAgentId = "ann", LastAssignedAt = Start.AddMinutes(2) });

        Assert.Equal("bo", await store.ReadPreferredAgentAsync("tenant", "c-1"));
        Assert.Null(await store.ReadPreferredAgentAsync("tenant", "c-2"));
        var rows = await store.ReadCustomerAsync("tenant", "c-1");
        Assert.Equal([("t-a", "ann"), ("t-b", "bo")], rows.Select(r => (r.TicketId, r.LastAgentId!)));
        Assert.Equal(Start.AddMinutes(3), rows[1].LastAssignedAt);
    }

    [Fact]
    public async Task A_tickets_address_and_name_are_in_its_row_until_the_customer_is_erased()
    {
        var store = new SqliteTicketLogStore(new SqliteDatabase(_path));
        await store.AppendAsync("tenant", "t-a", 0, [new StoredEvent(1, "opened", Start, """{"customerAddress":"+15550100","customerName":"Dana"}""")],
            Row("t-a", "c-1", 1) with { CustomerIdentity = "sms:+15550100", CustomerName = "Dana" });

        var row = Assert.Single(await store.ReadCustomerAsync("tenant", "c-1"));
        Assert.Equal(("sms:+15550100", "Dana"), (row.Identity, row.Name));

        await store.RedactCustomerAsync("tenant", "t-a");

        row = Assert.Single(await store.ReadCustomerAsync("tenant", "c-1"));
        Assert.Equal((null, null), (row.Identity, row.Name));
        var opened = Assert.Single(await store.ReadAsync("tenant", "t-a"));
        Assert.DoesNotContain("Dana", opened.Payload, StringComparison.Ordinal);
        Assert.DoesNotContain("+15550100", opened.Payload, StringComparison.Ordinal);
    }

    [Fact]
    public Task An_append_that_only_advances_moves_the_position_and_keeps_the_row() =>
        AdvancingIndexContract.An_append_that_only_advances_moves_the_position_and_keeps_the_row(new SqliteTicketLogStore(new SqliteDatabase(_path)), "tenant");

    [Fact]
    public Task An_append_that_only_advances_writes_nothing_else() =>
        AdvancingIndexContract.An_append_that_only_advances_writes_nothing_else(new SqliteTicketLogStore(new SqliteDatabase(_path)), "tenant");

    [Fact]
    public Task Solved_tickets_are_read_longest_solved_first() =>
        SolvedIndexContract.Solved_tickets_are_read_longest_solved_first(new SqliteTicketLogStore(new SqliteDatabase(_path)), "tenant");

    [Fact]
    public async Task A_version_7_database_gets_each_rows_address_and_last_agent_when_opened()
    {
        var store = new SqliteTicketLogStore(new SqliteDatabase(_path));
        await store.AppendAsync("tenant", "t-a", 0, [new StoredEvent(1, "opened", Start, """{"customerAddress":"+15550100"}""")],
            Row("t-a", "c-1", 1) with { Channel = "Sms", Assignee = "ann" });
        await store.AppendAsync("tenant", "t-b", 0, [new StoredEvent(1, "opened", Start, """{"customerAddress":"[erased]"}""")], Row("t-b", "c-1", 1));
        // As a version 7 file holds them: no such columns.
        await Execute(TemporaryDatabase.DropVersion9 + TemporaryDatabase.DropVersion8Columns + "DELETE FROM schema_version WHERE version >= 8;");

        store = new SqliteTicketLogStore(new SqliteDatabase(_path));

        Assert.Equal(9L, await Scalar("SELECT MAX(version) FROM schema_version"));
        Assert.Equal("ann", await store.ReadPreferredAgentAsync("tenant", "c-1"));
        var rows = await store.ReadCustomerAsync("tenant", "c-1");
        Assert.Equal(["sms:+15550100", null], rows.OrderBy(r => r.TicketId).Select(r => r.Identity));
    }

    [Fact]
    public async Task A_version_5_database_gets_the_customer_index_when_opened()
    {
        _ = new SqliteDatabase(_path);
        await Execute(TemporaryDatabase.DropVersion9 + TemporaryDatabase.DropVersion8Columns + "DROP INDEX tickets_by_customer; DROP TABLE outbox_deliveries; DELETE FROM schema_version WHERE version >= 6;");
        Assert.Equal(0L, await Scalar("SELECT COUNT(*) FROM sqlite_master WHERE name = 'tickets_by_customer'"));

        _ = new SqliteDatabase(_path);

        Assert.Equal(1L, await Scalar("SELECT COUNT(*) FROM sqlite_master WHERE name = 'tickets_by_customer'"));
        Assert.Equal(9L, await Scalar("SELECT MAX(version) FROM schema_version"));
    }

    private static async Task<string[]> TicketIds(SqliteTicketLogStore store, string tenant, string customerId) =>
        [.. (await store.ReadCustomerAsync(tenant, customerId)).Select(row => row.TicketId)];

    private static Task Open(SqliteTicketLogStore store, string ticketId, string customerId, DateTimeOffset at) =>
        store.AppendAsync("tenant", ticketId, 0, [new StoredEvent(1, "opened", at, "{}")], Row(ticketId, customerId, 1));

    private static TicketIndexRow Row(string ticketId, string customerId, long last) =>
        new("tenant", ticketId, "Open", "Chat", customerId, "default", null, Start, 0, "hello", last);

    private Task Execute(string sql) => TemporaryDatabase.ScalarAsync(_path, sql + " SELECT 0;");

    private Task<long> Scalar(string sql) => TemporaryDatabase.ScalarAsync(_path, sql);
}
