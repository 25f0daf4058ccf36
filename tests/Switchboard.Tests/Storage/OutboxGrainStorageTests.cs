using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Switchboard.Contracts.Channels;
using Switchboard.Silo.Channels;
using Switchboard.Silo.Storage.Sqlite;

namespace Switchboard.Tests.Storage;

/// <summary>
/// The outbox grain keeps each delivery in a row of its own and only counters in its record, so a message costs one
/// small write however many wait for an adapter that is away; an outbox written before (deliveries in the record)
/// moves them to rows when it wakes.
/// </summary>
[Collection(SqliteClusterCollection.Name)]
public sealed class OutboxGrainStorageTests(SqliteClusterFixture fixture)
{
    [Fact]
    public async Task A_backlog_is_rows_the_record_stays_small_and_no_sequence_is_handed_out_twice()
    {
        var adapter = $"sms-{Guid.NewGuid():N}"[..16];
        var outbox = Outbox(adapter);
        for (var i = 1; i <= 300; i++)
        {
            Assert.Equal(i, await outbox.Enqueue(Draft(i)));
        }
        // The same ticket message again is the delivery it already has.
        Assert.Equal(7, await outbox.Enqueue(Draft(7)));

        Assert.Equal(300L, await Scalar("SELECT COUNT(*) FROM outbox_deliveries WHERE tenant = 'acme' AND adapter_id = $adapter", adapter));
        await outbox.Acknowledge(120);
        Assert.Equal(180L, await Scalar("SELECT COUNT(*) FROM outbox_deliveries WHERE tenant = 'acme' AND adapter_id = $adapter", adapter));
        var recordBytes = await Scalar("SELECT length(payload) FROM grain_state WHERE state_name = 'outbox' AND grain_id LIKE '%' || $adapter", adapter);
        Assert.InRange(recordBytes, 1, 200);

        await fixture.Cluster.DeactivateAsync(outbox);

        var pending = await outbox.GetPending();
        Assert.Equal(Enumerable.Range(121, 180).Select(i => (long)i), pending.Select(d => d.DeliverySequence));
        Assert.Equal(Draft(121) with { DeliverySequence = 121 }, pending[0]);
        Assert.Equal(301, await outbox.Enqueue(Draft(301)));

        // Everything acknowledged and the rows gone: the next activation still counts on from the acknowledged position.
        await outbox.Acknowledge(301);
        await fixture.Cluster.DeactivateAsync(outbox);
        Assert.Empty(await outbox.GetPending());
        Assert.Equal(302, await outbox.Enqueue(Draft(302)));
    }

    [Fact]
    public async Task Deliveries_kept_in_an_older_record_move_to_rows_when_the_outbox_wakes()
    {
        var adapter = $"sms-{Guid.NewGuid():N}"[..16];
        var outbox = Outbox(adapter);
        var legacy = new ChannelOutboxState { LastDeliverySequence = 4, LastAcknowledged = 2 };
        legacy.Pending.AddRange([Draft(3) with { DeliverySequence = 3 }, Draft(4) with { DeliverySequence = 4 }]);
        var storage = new SqliteGrainStorage(new SqliteDatabase(fixture.DatabasePath),
            fixture.Cluster.Silos[0].ServiceProvider.GetRequiredService<Serializer>(), TimeProvider.System);
        await storage.WriteStateAsync("outbox", outbox.GetGrainId(), new GrainState<ChannelOutboxState>(legacy));

        Assert.Equal([3L, 4L], (await outbox.GetPending()).Select(d => d.DeliverySequence));
        Assert.Equal(2L, await Scalar("SELECT COUNT(*) FROM outbox_deliveries WHERE tenant = 'acme' AND adapter_id = $adapter", adapter));
        var stored = new GrainState<ChannelOutboxState>(new ChannelOutboxState());
        await storage.ReadStateAsync("outbox", outbox.GetGrainId(), stored);
        Assert.Empty(stored.State!.Pending);
        Assert.Equal(5, await outbox.Enqueue(Draft(5)));
    }

    [Fact]
    public async Task Forgetting_a_tickets_customer_deliveries_keeps_its_third_party_messages_and_other_tickets()
    {
        var adapter = $"mail-{Guid.NewGuid():N}"[..16];
        var outbox = Outbox(adapter);
        await outbox.Enqueue(Draft(1) with { TicketId = "t-erased" });
        await outbox.Enqueue(Draft(2) with { TicketId = "t-erased", Kind = OutboundKind.SideConversation, SideConversationId = "sc-1" });
        await outbox.Enqueue(Draft(3) with { TicketId = "t-kept" });
        await outbox.Enqueue(Draft(4) with { TicketId = "t-erased", Kind = OutboundKind.CsatSurvey, CsatSurveyId = "s-1" });

        Assert.Equal(2, await outbox.ForgetCustomerDeliveries("t-erased"));
        Assert.Equal(0, await outbox.ForgetCustomerDeliveries("t-erased"));

        await fixture.Cluster.DeactivateAsync(outbox);
        Assert.Equal([2L, 3L], (await outbox.GetPending()).Select(d => d.DeliverySequence));
        Assert.Equal(5, await outbox.Enqueue(Draft(5)));
    }

    private IChannelOutboxGrain Outbox(string adapter) => fixture.Cluster.Client.GetGrain<IChannelOutboxGrain>($"acme/{adapter}");

    private static OutboundDelivery Draft(int message) => OutboxStoreContract.Delivery(message) with { DeliverySequence = 0 };

    private async Task<long> Scalar(string sql, string adapter)
    {
        await using var connection = new SqliteConnection($"Data Source={fixture.DatabasePath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$adapter", adapter);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }
}
