using Switchboard.Contracts;
using Switchboard.Contracts.Customers;
using Switchboard.Contracts.Tickets;

namespace Switchboard.Tests.Cluster;

[Collection(SwitchboardClusterCollection.Name)]
public sealed class CustomerResolutionTests(SwitchboardClusterFixture fixture)
{
    private readonly TestTenant _tenant = new(fixture.Client);

    [Fact]
    public async Task Same_address_on_the_same_channel_is_the_same_customer()
    {
        var first = await _tenant.Directory(ChannelKind.Chat, "visitor-1").Resolve();
        var again = await _tenant.Directory(ChannelKind.Chat, "visitor-1").Resolve();
        await fixture.Cluster.DeactivateAsync(_tenant.Directory(ChannelKind.Chat, "visitor-1"));
        var afterDeactivation = await _tenant.Directory(ChannelKind.Chat, "visitor-1").Resolve();

        Assert.Equal(first, again);
        Assert.Equal(first, afterDeactivation);
    }

    [Fact]
    public async Task A_customer_is_the_address_and_name_its_tickets_were_opened_with_without_a_record_of_its_own()
    {
        var unnamed = new CustomerMessage("webchat", ChannelKind.Chat, "conv-named-1", "m-1", "visitor-2", "", "hello", DateTimeOffset.UtcNow);
        var first = await _tenant.Conversation("webchat", "conv-named-1").Receive(unnamed);
        var named = new CustomerMessage("webchat", ChannelKind.Chat, "conv-named-2", "m-2", "visitor-2", "", "me again", DateTimeOffset.UtcNow) { SenderName = "Dana" };
        var second = await _tenant.Conversation("webchat", "conv-named-2").Receive(named);

        var customerId = (await _tenant.Ticket(first.TicketId).Get()).CustomerId;
        var customer = await _tenant.Customer(customerId).Get();
        Assert.Equal(customerId, customer.CustomerId);
        Assert.Equal("Dana", customer.DisplayName);
        Assert.Equal(["chat:visitor-2"], customer.Identities);
        Assert.Equal([first.TicketId, second.TicketId], customer.TicketIds);
        Assert.Null(customer.PreferredAgentId);
        // Nothing was written for the customer itself: the tickets' index rows are all of it.
        Assert.False(await fixture.GrainStateExists("customer", GrainKey.For(_tenant.Id, customerId)));
    }

    [Fact]
    public async Task A_forgotten_address_resolves_to_a_new_customer_even_after_deactivation()
    {
        var first = await _tenant.Directory(ChannelKind.Chat, "visitor-5").Resolve();
        await _tenant.Directory(ChannelKind.Chat, "visitor-5").Forget("c-someone-else");
        Assert.Equal(first, await _tenant.Directory(ChannelKind.Chat, "visitor-5").Resolve());

        await _tenant.Directory(ChannelKind.Chat, "visitor-5").Forget(first);
        var second = await _tenant.Directory(ChannelKind.Chat, "visitor-5").Resolve();
        await fixture.Cluster.DeactivateAsync(_tenant.Directory(ChannelKind.Chat, "visitor-5"));
        var afterDeactivation = await _tenant.Directory(ChannelKind.Chat, "visitor-5").Resolve();

        Assert.NotEqual(first, second);
        Assert.Equal(second, afterDeactivation);
    }

    [Fact]
    public async Task A_ticket_opening_reads_the_address_record_an_erasure_stored()
    {
        // The opening names the customer its address's stored record names (read by the ticket, not asked of the address).
        var before = await _tenant.Conversation("webchat", "conv-erased-1").Receive(Unresolved("conv-erased-1", "m-1", "visitor-10"));
        Assert.Equal(await _tenant.Directory(ChannelKind.Chat, "visitor-10").Resolve(), before.CustomerId);

        await _tenant.Directory(ChannelKind.Chat, "visitor-10").Forget(before.CustomerId);
        var after = await _tenant.Conversation("webchat", "conv-erased-2").Receive(Unresolved("conv-erased-2", "m-2", "visitor-10"));

        Assert.NotEqual(before.CustomerId, after.CustomerId);
        Assert.Equal(await _tenant.Directory(ChannelKind.Chat, "visitor-10").Resolve(), after.CustomerId);
        Assert.Equal(after.CustomerId, (await _tenant.Ticket(after.TicketId).Get()).CustomerId);
    }

    [Fact]
    public async Task A_customer_named_by_the_adapter_lists_its_tickets_and_erasure_finds_its_address_in_them()
    {
        // The adapter names the customer itself: the directory is not asked, and no record exists for it.
        var message = new CustomerMessage("webchat", ChannelKind.Chat, "conv-unregistered", "m-1", "+15550177", "c-unregistered", "hello", DateTimeOffset.UtcNow);
        var receipt = await _tenant.Conversation("webchat", "conv-unregistered").Receive(message);

        var customer = await _tenant.Customer("c-unregistered").Get();
        Assert.Equal([receipt.TicketId], customer.TicketIds);
        Assert.Equal(["chat:+15550177"], customer.Identities);
        var erased = await _tenant.Customer("c-unregistered").Erase();
        Assert.Equal(["chat:+15550177"], erased.Identities);
        Assert.Equal([receipt.TicketId], erased.TicketIds);
        var after = await _tenant.Customer("c-unregistered").Get();
        Assert.Null(after.DisplayName);
        Assert.Empty(after.Identities);
        Assert.Equal([receipt.TicketId], after.TicketIds);
    }

    [Fact]
    public async Task A_conversation_keeps_its_first_ticket_across_deactivations_without_storing_it()
    {
        var first = await _tenant.Receive("conv-derived", "m-1", "first", sender: "visitor-8");
        await fixture.Cluster.DeactivateAsync(_tenant.Conversation("webchat", "conv-derived"));
        var second = await _tenant.Receive("conv-derived", "m-2", "second", sender: "visitor-8");

        Assert.Equal(first.TicketId, second.TicketId);
        Assert.Equal(first.TicketId, await _tenant.Conversation("webchat", "conv-derived").CurrentTicket());
        Assert.Null(await _tenant.Conversation("webchat", "conv-never-written").CurrentTicket());
    }

    [Fact]
    public async Task Another_address_or_another_channel_is_another_customer()
    {
        var chat = await _tenant.Directory(ChannelKind.Chat, "+15550100").Resolve();
        var otherAddress = await _tenant.Directory(ChannelKind.Chat, "+15550101").Resolve();
        var sms = await _tenant.Directory(ChannelKind.Sms, "+15550100").Resolve();

        Assert.Equal(3, new[] { chat, otherAddress, sms }.Distinct().Count());
    }

    [Fact]
    public async Task Customer_lists_the_tickets_opened_from_its_address()
    {
        var a = await _tenant.Receive("conv-a", "m-1", "first", sender: "visitor-9");
        var b = await _tenant.Receive("conv-b", "m-2", "second", sender: "visitor-9");
        await _tenant.Receive("conv-a", "m-3", "same ticket again", sender: "visitor-9");

        var customerId = await _tenant.Directory(ChannelKind.Chat, "visitor-9").Resolve();
        var customer = await _tenant.Customer(customerId).Get();

        Assert.Equal([a.TicketId, b.TicketId], customer.TicketIds);
        Assert.Equal(customerId, (await _tenant.Ticket(a.TicketId).Get()).CustomerId);
    }

    /// <summary>A message whose customer the ticket resolves from the sender's address.</summary>
    private static CustomerMessage Unresolved(string conversationId, string adapterMessageId, string sender) =>
        new("webchat", ChannelKind.Chat, conversationId, adapterMessageId, sender, CustomerId: "", "hello", DateTimeOffset.UtcNow);
}
