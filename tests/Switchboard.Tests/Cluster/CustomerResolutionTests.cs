using Switchboard.Contracts.Tickets;

namespace Switchboard.Tests.Cluster;

[Collection(SwitchboardClusterCollection.Name)]
public sealed class CustomerResolutionTests(SwitchboardClusterFixture fixture)
{
    private readonly TestTenant _tenant = new(fixture.Client);

    [Fact]
    public async Task Same_address_on_the_same_channel_is_the_same_customer()
    {
        var first = await _tenant.Directory(ChannelKind.Chat, "visitor-1").Resolve("Dana");
        var again = await _tenant.Directory(ChannelKind.Chat, "visitor-1").Resolve(null);
        await fixture.Cluster.DeactivateAsync(_tenant.Directory(ChannelKind.Chat, "visitor-1"));
        var afterDeactivation = await _tenant.Directory(ChannelKind.Chat, "visitor-1").Resolve(null);

        Assert.Equal(first, again);
        Assert.Equal(first, afterDeactivation);
        var customer = await _tenant.Customer(first).Get();
        Assert.Equal(first, customer.CustomerId);
        Assert.Equal("Dana", customer.DisplayName);
        Assert.Equal(["chat:visitor-1"], customer.Identities);
    }

    [Fact]
    public async Task Another_address_or_another_channel_is_another_customer()
    {
        var chat = await _tenant.Directory(ChannelKind.Chat, "+15550100").Resolve(null);
        var otherAddress = await _tenant.Directory(ChannelKind.Chat, "+15550101").Resolve(null);
        var sms = await _tenant.Directory(ChannelKind.Sms, "+15550100").Resolve(null);

        Assert.Equal(3, new[] { chat, otherAddress, sms }.Distinct().Count());
    }

    [Fact]
    public async Task Customer_lists_the_tickets_opened_from_its_address()
    {
        var a = await _tenant.Receive("conv-a", "m-1", "first", sender: "visitor-9");
        var b = await _tenant.Receive("conv-b", "m-2", "second", sender: "visitor-9");
        await _tenant.Receive("conv-a", "m-3", "same ticket again", sender: "visitor-9");

        var customerId = await _tenant.Directory(ChannelKind.Chat, "visitor-9").Resolve(null);
        var customer = await _tenant.Customer(customerId).Get();

        Assert.Equal([a.TicketId, b.TicketId], customer.TicketIds);
        Assert.Equal(customerId, (await _tenant.Ticket(a.TicketId).Get()).CustomerId);
    }
}
