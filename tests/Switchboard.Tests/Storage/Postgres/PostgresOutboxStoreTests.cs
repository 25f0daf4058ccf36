using Switchboard.Gateway.Hosting;
using Npgsql;
using Switchboard.Silo.Storage.Postgres;
using Switchboard.Testing;

namespace Switchboard.Tests.Storage.Postgres;

/// <summary>The outbox rows on PostgreSQL (deploy/sql/011), each test under a tenant of its own.</summary>
public sealed class PostgresOutboxStoreTests(PostgresDatabaseFixture fixture) : IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    private NpgsqlDataSource _dataSource = null!;

    public Task InitializeAsync()
    {
        _dataSource = NpgsqlDataSource.Create(StorageOptions.Multiplexed(fixture.ConnectionString));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _dataSource.DisposeAsync();

    [PostgresFact]
    public Task Deliveries_read_back_in_order_after_a_position_with_every_field() =>
        OutboxStoreContract.Deliveries_read_back_in_order_after_a_position_with_every_field(Store(), Tenant());

    [PostgresFact]
    public Task Adding_a_stored_sequence_again_changes_nothing() =>
        OutboxStoreContract.Adding_a_stored_sequence_again_changes_nothing(Store(), Tenant());

    [PostgresFact]
    public Task Removal_by_sequence_deletes_just_those() =>
        OutboxStoreContract.Removal_by_sequence_deletes_just_those(Store(), Tenant());

    [PostgresFact]
    public Task Removal_deletes_up_to_the_position_for_that_adapter_only() =>
        OutboxStoreContract.Removal_deletes_up_to_the_position_for_that_adapter_only(Store(), Tenant());

    private PostgresOutboxStore Store() => new(_dataSource, OutboxStoreContract.Payload());

    private static string Tenant() => $"tenant-{Guid.NewGuid():N}"[..20];
}
