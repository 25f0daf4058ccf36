using Switchboard.Contracts;
using Switchboard.Contracts.Tickets;

namespace Switchboard.Tests.Cluster;

[Collection(SwitchboardClusterCollection.Name)]
public sealed class GrainReferencesTests(SwitchboardClusterFixture fixture)
{
    [Fact]
    public async Task A_reference_made_from_the_resolved_types_is_the_grain_GetGrain_names()
    {
        var tenant = new TestTenant(fixture.Client);
        var receipt = await tenant.Receive("conv-ref", "m-1", "Hello");

        var key = GrainKey.For(tenant.Id, receipt.TicketId);
        var reference = fixture.Client.Reference<ITicketGrain>(key);

        Assert.Equal(fixture.Client.GetGrain<ITicketGrain>(key).GetGrainId(), reference.GetGrainId());
        Assert.Equal("Hello", Assert.Single((await reference.Get()).Transcript).Body);
    }
}
