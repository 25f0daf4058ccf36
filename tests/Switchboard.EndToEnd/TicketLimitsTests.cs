using Grpc.Core;
using Switchboard.EndToEnd.Harness;
using Switchboard.V1;

namespace Switchboard.EndToEnd;

public sealed class TicketLimitsTests
{
    [Fact]
    public async Task A_ticket_holds_at_most_100_tags_and_a_request_names_at_most_50()
    {
        await using var node = await SwitchboardNode.Start();
        await node.Admin.UpsertAgentAsync(new() { Agent = new AgentProfile { AgentId = "tom" } });
        await using var adapter = await AdapterSession.Open(node, "webchat");
        var ticketId = (await adapter.SendAcked(AdapterSession.Message("l-1", "l-1", "tag me"))).TicketId;

        await node.Agents.UpdateTicketAsync(Tags(ticketId, 0, 50));
        await node.Agents.UpdateTicketAsync(Tags(ticketId, 50, 50));
        var tooMany = await Assert.ThrowsAsync<RpcException>(() => node.Agents.UpdateTicketAsync(Tags(ticketId, 100, 1)).ResponseAsync);
        var tooManyAtOnce = await Assert.ThrowsAsync<RpcException>(() => node.Agents.UpdateTicketAsync(Tags(ticketId, 200, 51)).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, tooMany.StatusCode);
        Assert.Contains("at most 100 tags", tooMany.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.InvalidArgument, tooManyAtOnce.StatusCode);
        Assert.StartsWith("add_tags:", tooManyAtOnce.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(100, (await node.Agents.GetTicketAsync(new() { TicketId = ticketId })).Ticket.Tags.Count);
    }

    private static UpdateTicketRequest Tags(string ticketId, int from, int count)
    {
        var request = new UpdateTicketRequest { AgentId = "tom", TicketId = ticketId };
        request.AddTags.AddRange(Enumerable.Range(from, count).Select(i => $"tag-{i}"));
        return request;
    }
}
