using Grpc.Core;
using Switchboard.Contracts;
using Switchboard.Gateway.Cluster;
using Switchboard.Gateway.Errors;
using Switchboard.Gateway.Web;

namespace Switchboard.Tests.Failover;

/// <summary>What a client is told about a call the cluster lost: UNAVAILABLE, and that it may retry.</summary>
public sealed class LostCallStatusTests
{
    public static TheoryData<Exception> Losses() =>
    [
        new ClusterCallLostException("Switchboard.Contracts.Tickets.ITicketGrain", "AddNote"),
        new SiloUnavailableException(),
        new TimeoutException("Response did not arrive on time in 00:00:30"),
    ];

    [Theory]
    [MemberData(nameof(Losses))]
    public void A_call_the_cluster_lost_is_unavailable_and_says_to_retry(Exception loss)
    {
        Assert.True(RpcErrors.IsClusterLoss(loss));
        var status = RpcErrors.Unavailable(loss).Status;
        Assert.Equal(StatusCode.Unavailable, status.StatusCode);
        Assert.Contains("retry", status.Detail, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Switchboard.Contracts", status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void The_web_desk_answers_a_lost_call_with_503() =>
        Assert.Equal(503, ProtoJson.HttpStatusOf(RpcErrors.Unavailable(new ClusterCallLostException("I", "M")).StatusCode));

    [Fact]
    public void A_refusal_of_the_domain_is_not_a_loss() =>
        Assert.False(RpcErrors.IsClusterLoss(SwitchboardException.Precondition("no open offer")));
}
