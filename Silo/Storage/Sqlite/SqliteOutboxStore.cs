using Switchboard.Contracts.Channels;

namespace Switchboard.Silo.Storage.Sqlite;

/// <summary>Outbound deliveries in the embedded database (table <c>outbox_deliveries</c>, schema version 7).</summary>
public sealed class SqliteOutboxStore(SqliteDatabase database, OutboxPayload payload) : IOutboxStore
{
    public async Task<IReadOnlyList<OutboundDelivery>> ReadAsync(string tenant, string adapterId, long after, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT payload FROM outbox_deliveries
            WHERE tenant = $tenant AND adapter_id = $adapter AND delivery_sequence > $after
            ORDER BY delivery_sequence
            """;
        command.Set("$tenant", tenant);
        command.Set("$adapter", adapterId);
        command.Set("$after", after);
        var deliveries = new List<OutboundDelivery>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            deliveries.Add(payload.Decode((byte[])reader[0]));
        }
        return deliveries;
    }

    public Task AddAsync(string tenant, string adapterId, OutboundDelivery delivery) => database.WriteAsync(async connection =>
    {
        // Prepared once on the writer connection (see PreparedCommands): every reply runs it.
        var command = connection.Prepared("""
            INSERT INTO outbox_deliveries (tenant, adapter_id, delivery_sequence, payload) VALUES ($tenant, $adapter, $sequence, $payload)
            ON CONFLICT (tenant, adapter_id, delivery_sequence) DO NOTHING
            """);
        command.Set("$tenant", tenant);
        command.Set("$adapter", adapterId);
        command.Set("$sequence", delivery.DeliverySequence);
        command.Set("$payload", payload.Encode(delivery));
        await command.ExecuteNonQueryAsync();
    });

    public Task RemoveAsync(string tenant, string adapterId, IReadOnlyList<long> deliverySequences) => database.WriteAsync(async connection =>
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM outbox_deliveries WHERE tenant = $tenant AND adapter_id = $adapter AND delivery_sequence = $sequence";
        command.Set("$tenant", tenant);
        command.Set("$adapter", adapterId);
        var sequence = command.Parameter("$sequence", Microsoft.Data.Sqlite.SqliteType.Integer);
        foreach (var each in deliverySequences)
        {
            sequence.Value = each;
            await command.ExecuteNonQueryAsync();
        }
    });

    public Task RemoveUpToAsync(string tenant, string adapterId, long deliverySequence) => database.WriteAsync(async connection =>
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM outbox_deliveries WHERE tenant = $tenant AND adapter_id = $adapter AND delivery_sequence <= $sequence";
        command.Set("$tenant", tenant);
        command.Set("$adapter", adapterId);
        command.Set("$sequence", deliverySequence);
        await command.ExecuteNonQueryAsync();
    });
}
