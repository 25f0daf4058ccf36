using Switchboard.Contracts;
using Switchboard.Contracts.Tickets;

namespace Switchboard.Tests.Cluster;

[Collection(SwitchboardClusterCollection.Name)]
public sealed class TicketLogTests(SwitchboardClusterFixture fixture)
{
    private readonly TestTenant _tenant = new(fixture.Client);

    [Fact]
    public async Task Transcript_and_sequences_are_rebuilt_from_the_log_after_deactivation()
    {
        var first = await _tenant.Receive("conv-1", "m-1", "My parcel is late");
        var second = await _tenant.Receive("conv-1", "m-2", "Order 1234");
        var third = await _tenant.Receive("conv-1", "m-3", "Any news?");
        var ticket = _tenant.Ticket(first.TicketId);
        var before = await ticket.Get();

        await fixture.Cluster.DeactivateAsync(ticket);
        await fixture.Cluster.DeactivateAsync(_tenant.Conversation("webchat", "conv-1"));
        var after = await ticket.Get();

        Assert.Equal([first.TicketId, first.TicketId], new[] { second.TicketId, third.TicketId });
        // Opened is 1, the first message 2, queued 3; later messages follow one by one.
        Assert.Equal([2L, 4L, 5L], new[] { first.Sequence, second.Sequence, third.Sequence });
        Assert.Equal(["My parcel is late", "Order 1234", "Any news?"], after.Transcript.Select(e => e.Body));
        Assert.Equal([2L, 4L, 5L], after.Transcript.Select(e => e.Sequence));
        Assert.Equal(before.Transcript, after.Transcript);
        Assert.Equal(before.Tags, after.Tags);
        Assert.Equal(before.CustomFields, after.CustomFields);
        Assert.Equal(before.Sla, after.Sla);
        Assert.Equal(before with { Transcript = after.Transcript, Tags = after.Tags, CustomFields = after.CustomFields, Sla = after.Sla }, after);
    }

    [Fact]
    public async Task Appending_after_deactivation_continues_the_sequence()
    {
        var first = await _tenant.Receive("conv-2", "m-1", "Hello");
        await fixture.Cluster.DeactivateAsync(_tenant.Ticket(first.TicketId));

        var next = await _tenant.Receive("conv-2", "m-2", "Still there?");

        Assert.Equal(first.TicketId, next.TicketId);
        Assert.Equal(4, next.Sequence);
        Assert.Equal([2L, 4L], (await _tenant.Ticket(first.TicketId).Get()).Transcript.Select(e => e.Sequence));
    }

    [Fact]
    public async Task Retried_adapter_message_is_stored_once_even_after_deactivation()
    {
        var first = await _tenant.Receive("conv-3", "m-1", "Hi");
        var retry = await _tenant.Receive("conv-3", "m-1", "Hi");
        await fixture.Cluster.DeactivateAsync(_tenant.Ticket(first.TicketId));
        var lateRetry = await _tenant.Receive("conv-3", "m-1", "Hi");

        Assert.False(first.Duplicate);
        Assert.Equal(new InboundReceipt(first.TicketId, first.Sequence, Duplicate: true) { CustomerId = first.CustomerId }, retry);
        Assert.Equal(new InboundReceipt(first.TicketId, first.Sequence, Duplicate: true) { CustomerId = first.CustomerId }, lateRetry);
        Assert.StartsWith("c-", first.CustomerId, StringComparison.Ordinal);
        var entry = Assert.Single((await _tenant.Ticket(first.TicketId).Get()).Transcript);
        Assert.Equal("Hi", entry.Body);
    }

    [Fact]
    public async Task Messages_received_together_are_stored_in_order_once_each()
    {
        var conversation = _tenant.Conversation("webchat", "conv-4");

        var receipts = await conversation.ReceiveAll([Message("conv-4", "m-1", "Hi"), Message("conv-4", "m-2", "Order 1234"),
            Message("conv-4", "m-1", "Hi"), Message("conv-4", "m-3", "Any news?")]);
        var ticket = _tenant.Ticket(receipts[0].TicketId);
        await fixture.Cluster.DeactivateAsync(ticket);

        Assert.Equal([2L, 4L, 2L, 5L], receipts.Select(r => r.Sequence));
        Assert.Equal([false, false, true, false], receipts.Select(r => r.Duplicate));
        Assert.Single(receipts.Select(r => r.TicketId).Distinct());
        Assert.Equal(["Hi", "Order 1234", "Any news?"], (await ticket.Get()).Transcript.Select(e => e.Body));
    }

    [Fact]
    public async Task Messages_received_together_after_the_ticket_closed_open_one_follow_up_and_a_retry_stays_on_the_closed_one()
    {
        var first = await _tenant.Receive("conv-5", "m-1", "Hi");
        await _tenant.Ticket(first.TicketId).Abandon();

        var receipts = await _tenant.Conversation("webchat", "conv-5").ReceiveAll(
            [Message("conv-5", "m-1", "Hi"), Message("conv-5", "m-2", "Back again"), Message("conv-5", "m-3", "Hello?")]);

        Assert.Equal(new InboundReceipt(first.TicketId, first.Sequence, Duplicate: true) { CustomerId = first.CustomerId }, receipts[0]);
        var followUp = receipts[1].TicketId;
        Assert.NotEqual(first.TicketId, followUp);
        Assert.Equal(followUp, receipts[2].TicketId);
        Assert.Equal([2L, 4L], receipts.Skip(1).Select(r => r.Sequence));
        Assert.Equal(["Back again", "Hello?"], (await _tenant.Ticket(followUp).Get()).Transcript.Select(e => e.Body));
    }

    private static CustomerMessage Message(string conversationId, string adapterMessageId, string body) =>
        new("webchat", ChannelKind.Chat, conversationId, adapterMessageId, "+15550100", "", body, DateTimeOffset.UtcNow);

    [Fact]
    public async Task Ticket_that_no_message_opened_is_not_found()
    {
        var error = await Assert.ThrowsAsync<SwitchboardException>(() => _tenant.Ticket("t-never").Get());

        Assert.Equal(SwitchboardError.NotFound, error.Error);
        Assert.Contains("t-never", error.Message, StringComparison.Ordinal);
    }
}
