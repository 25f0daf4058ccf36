using Npgsql;
using Switchboard.Contracts.Channels;

namespace Switchboard.Silo.Storage.Postgres;

/// <summary>
/// Outbound deliveries in PostgreSQL (table <c>outbox_deliveries</c>, deploy/sql/011). Adds and removals share
/// commits through their own <see cref="PostgresGroupCommit"/>, as ticket appends do.
/// </summary>
public sealed class PostgresOutboxStore(NpgsqlDataSource dataSource, OutboxPayload payload) : IOutboxStore
{
    private readonly PostgresGroupCommit _groupCommit = new(dataSource);

    public async Task<IReadOnlyList<OutboundDelivery>> ReadAsync(string tenant, string adapterId, long after, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT payload FROM outbox_deliveries
            WHERE tenant = @tenant AND adapter_id = @adapter AND delivery_sequence > @after
            ORDER BY delivery_sequence
            """);
        command.Parameters.AddWithValue("tenant", tenant);
        command.Parameters.AddWithValue("adapter", adapterId);
        command.Parameters.AddWithValue("after", after);
        var deliveries = new List<OutboundDelivery>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            deliveries.Add(payload.Decode(reader.GetFieldValue<byte[]>(0)));
        }
        return deliveries;
    }

    public Task AddAsync(string tenant, string adapterId, OutboundDelivery delivery)
    {
        var bytes = payload.Encode(delivery);
        return _groupCommit.Run(() =>
        {
            var insert = new NpgsqlBatchCommand("""
                INSERT INTO outbox_deliveries (tenant, adapter_id, delivery_sequence, payload) VALUES (@tenant, @adapter, @sequence, @payload)
                ON CONFLICT (tenant, adapter_id, delivery_sequence) DO NOTHING
                """);
            insert.Parameters.AddWithValue("tenant", tenant);
            insert.Parameters.AddWithValue("adapter", adapterId);
            insert.Parameters.AddWithValue("sequence", delivery.DeliverySequence);
            insert.Parameters.AddWithValue("payload", bytes);
            return [insert];
        }, _ => { }, null);
    }

    public Task RemoveAsync(string tenant, string adapterId, IReadOnlyList<long> deliverySequences) => _groupCommit.Run(() =>
    {
        var delete = new NpgsqlBatchCommand(
            "DELETE FROM outbox_deliveries WHERE tenant = @tenant AND adapter_id = @adapter AND delivery_sequence = ANY(@sequences)");
        delete.Parameters.AddWithValue("tenant", tenant);
        delete.Parameters.AddWithValue("adapter", adapterId);
        delete.Parameters.AddWithValue("sequences", deliverySequences.ToArray());
        return [delete];
    }, _ => { }, null);

    public Task RemoveUpToAsync(string tenant, string adapterId, long deliverySequence) => _groupCommit.Run(() =>
    {
        var delete = new NpgsqlBatchCommand(
            "DELETE FROM outbox_deliveries WHERE tenant = @tenant AND adapter_id = @adapter AND delivery_sequence <= @sequence");
        delete.Parameters.AddWithValue("tenant", tenant);
        delete.Parameters.AddWithValue("adapter", adapterId);
        delete.Parameters.AddWithValue("sequence", deliverySequence);
        return [delete];
    }, _ => { }, null);
}
