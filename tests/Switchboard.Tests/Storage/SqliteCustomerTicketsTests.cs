using Switchboard.Silo.Storage;
using Switchboard.Silo.Storage.Sqlite;

namespace Switchboard.Tests.Storage;

/// <summary>A customer's ticket history read from the SQLite ticket index (schema version 6).</summary>
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

        Assert.Equal(["t-b", "t-a"], await store.ReadCustomerTicketsAsync("tenant", "c-1"));
        Assert.Equal(["t-c"], await store.ReadCustomerTicketsAsync("tenant", "c-2"));
        Assert.Empty(await store.ReadCustomerTicketsAsync("other-tenant", "c-1"));
        Assert.Empty(await store.ReadCustomerTicketsAsync("tenant", "c-nobody"));
    }

    [Fact]
    public async Task A_version_5_database_gets_the_customer_index_when_opened()
    {
        _ = new SqliteDatabase(_path);
        await Execute("DROP INDEX tickets_by_customer; DROP TABLE outbox_deliveries; DELETE FROM schema_version WHERE version >= 6;");
        Assert.Equal(0L, await Scalar("SELECT COUNT(*) FROM sqlite_master WHERE name = 'tickets_by_customer'"));

        _ = new SqliteDatabase(_path);

        Assert.Equal(1L, await Scalar("SELECT COUNT(*) FROM sqlite_master WHERE name = 'tickets_by_customer'"));
        Assert.Equal(7L, await Scalar("SELECT MAX(version) FROM schema_version"));
    }

    private static Task Open(SqliteTicketLogStore store, string ticketId, string customerId, DateTimeOffset at) =>
        store.AppendAsync("tenant", ticketId, 0, [new StoredEvent(1, "opened", at, "{}")], Row(ticketId, customerId, 1));

    private static TicketIndexRow Row(string ticketId, string customerId, long last) =>
        new("tenant", ticketId, "Open", "Chat", customerId, "default", null, Start, 0, "hello", last);

    private Task Execute(string sql) => TemporaryDatabase.ScalarAsync(_path, sql + " SELECT 0;");

    private Task<long> Scalar(string sql) => TemporaryDatabase.ScalarAsync(_path, sql);
}
