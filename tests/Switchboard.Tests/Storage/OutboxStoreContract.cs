using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Switchboard.Contracts.Channels;
using Switchboard.Contracts.Tickets;
using Switchboard.Silo.Storage;

namespace Switchboard.Tests.Storage;

/// <summary>What every <see cref="IOutboxStore"/> does, run against SQLite and PostgreSQL by their test classes.</summary>
public static class OutboxStoreContract
{
    private static readonly DateTimeOffset Nine = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    public static OutboxPayload Payload()
    {
        var services = new ServiceCollection().AddSerializer(s => s.AddAssembly(typeof(OutboundDelivery).Assembly)).BuildServiceProvider();
        return new OutboxPayload(services.GetRequiredService<Serializer<OutboundDelivery>>());
    }

    public static async Task Deliveries_read_back_in_order_after_a_position_with_every_field(IOutboxStore store, string tenant)
    {
        var survey = Delivery(2) with { Kind = OutboundKind.CsatSurvey, CsatSurveyId = "s-1" };
        var side = Delivery(3) with { Kind = OutboundKind.SideConversation, SideConversationId = "sc-1", Subject = "Refund for order 42" };
        await store.AddAsync(tenant, "sms", side);
        await store.AddAsync(tenant, "sms", Delivery(1));
        await store.AddAsync(tenant, "sms", survey);

        Assert.Equal([Delivery(1), survey, side], await store.ReadAsync(tenant, "sms", after: 0));
        Assert.Equal([side], await store.ReadAsync(tenant, "sms", after: 2));
        Assert.Empty(await store.ReadAsync(tenant, "webchat", after: 0));
        Assert.Empty(await store.ReadAsync("other-" + tenant, "sms", after: 0));
    }

    public static async Task Adding_a_stored_sequence_again_changes_nothing(IOutboxStore store, string tenant)
    {
        await store.AddAsync(tenant, "sms", Delivery(1));
        await store.AddAsync(tenant, "sms", Delivery(1) with { Body = "a different body" });

        Assert.Equal([Delivery(1)], await store.ReadAsync(tenant, "sms", after: 0));
    }

    public static async Task Removal_deletes_up_to_the_position_for_that_adapter_only(IOutboxStore store, string tenant)
    {
        for (var sequence = 1; sequence <= 5; sequence++)
        {
            await store.AddAsync(tenant, "sms", Delivery(sequence));
            await store.AddAsync(tenant, "webchat", Delivery(sequence));
        }

        await store.RemoveUpToAsync(tenant, "sms", 3);
        await store.RemoveUpToAsync(tenant, "sms", 2);

        Assert.Equal([4L, 5L], (await store.ReadAsync(tenant, "sms", after: 0)).Select(d => d.DeliverySequence));
        Assert.Equal(5, (await store.ReadAsync(tenant, "webchat", after: 0)).Count);
    }

    public static async Task Removal_by_sequence_deletes_just_those(IOutboxStore store, string tenant)
    {
        for (var sequence = 1; sequence <= 5; sequence++)
        {
            await store.AddAsync(tenant, "sms", Delivery(sequence));
        }

        await store.RemoveAsync(tenant, "sms", [2, 4, 9]);

        Assert.Equal([1L, 3L, 5L], (await store.ReadAsync(tenant, "sms", after: 0)).Select(d => d.DeliverySequence));
    }

    public static OutboundDelivery Delivery(long sequence) =>
        new(sequence, $"t-{sequence}", 10 + sequence, "conv-1", ChannelKind.Sms, "+15550100", $"Reply {sequence}", "ann", Nine.AddSeconds(sequence));
}
