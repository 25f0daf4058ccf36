using Switchboard.Silo.Storage.Sqlite;

namespace Switchboard.Tests.Storage;

public sealed class SqliteOutboxStoreTests : IDisposable
{
    private readonly string _path = TemporaryDatabase.NewPath();

    public void Dispose() => TemporaryDatabase.Delete(_path);

    [Fact]
    public Task Deliveries_read_back_in_order_after_a_position_with_every_field() =>
        OutboxStoreContract.Deliveries_read_back_in_order_after_a_position_with_every_field(Store(), "acme");

    [Fact]
    public Task Adding_a_stored_sequence_again_changes_nothing() =>
        OutboxStoreContract.Adding_a_stored_sequence_again_changes_nothing(Store(), "acme");

    [Fact]
    public Task Removal_by_sequence_deletes_just_those() =>
        OutboxStoreContract.Removal_by_sequence_deletes_just_those(Store(), "acme");

    [Fact]
    public Task Removal_deletes_up_to_the_position_for_that_adapter_only() =>
        OutboxStoreContract.Removal_deletes_up_to_the_position_for_that_adapter_only(Store(), "acme");

    [Fact]
    public async Task A_version_6_database_gets_the_outbox_table_when_opened()
    {
        _ = new SqliteDatabase(_path);
        await Scalar(TemporaryDatabase.DropVersion9 + TemporaryDatabase.DropVersion8Columns + "DROP TABLE outbox_deliveries; DELETE FROM schema_version WHERE version >= 7; SELECT 0;");

        await OutboxStoreContract.Adding_a_stored_sequence_again_changes_nothing(Store(), "acme");

        Assert.Equal(9L, await Scalar("SELECT MAX(version) FROM schema_version"));
    }

    private Task<long> Scalar(string sql) => TemporaryDatabase.ScalarAsync(_path, sql);

    private SqliteOutboxStore Store() => new(new SqliteDatabase(_path), OutboxStoreContract.Payload());
}
