using Switchboard.Contracts;
using Switchboard.Contracts.Tickets;
using Switchboard.Silo.Tickets;
using Switchboard.Silo.Tickets.Fields;

namespace Switchboard.Tests.Tickets;

public sealed class TicketWorkflowRulesTests
{
    [Theory]
    [InlineData(TicketStatus.Open, TicketStatus.Pending)]
    [InlineData(TicketStatus.Open, TicketStatus.OnHold)]
    [InlineData(TicketStatus.Open, TicketStatus.Solved)]
    [InlineData(TicketStatus.Pending, TicketStatus.Open)]
    [InlineData(TicketStatus.Pending, TicketStatus.OnHold)]
    [InlineData(TicketStatus.Pending, TicketStatus.Solved)]
    [InlineData(TicketStatus.OnHold, TicketStatus.Open)]
    [InlineData(TicketStatus.OnHold, TicketStatus.Pending)]
    [InlineData(TicketStatus.OnHold, TicketStatus.Solved)]
    public void Agent_may_make_the_working_transitions(TicketStatus from, TicketStatus to) =>
        Assert.Null(TicketWorkflow.CheckAgentTransition(from, to));

    [Theory]
    [InlineData(TicketStatus.Open, TicketStatus.New)]
    [InlineData(TicketStatus.Open, TicketStatus.Closed)]
    [InlineData(TicketStatus.Solved, TicketStatus.Open)]
    [InlineData(TicketStatus.Solved, TicketStatus.Pending)]
    [InlineData(TicketStatus.Closed, TicketStatus.Open)]
    [InlineData(TicketStatus.New, TicketStatus.Pending)]
    [InlineData(TicketStatus.Pending, TicketStatus.Closed)]
    public void Agent_may_not_make_the_system_transitions(TicketStatus from, TicketStatus to) =>
        Assert.NotNull(TicketWorkflow.CheckAgentTransition(from, to));

    [Fact]
    public void Higher_priorities_rank_ahead_and_normal_keeps_the_old_rank()
    {
        Assert.Equal(0, TicketWorkflow.RoutingPriority(TicketPriority.Normal));
        Assert.True(TicketWorkflow.RoutingPriority(TicketPriority.Urgent) > TicketWorkflow.RoutingPriority(TicketPriority.High));
        Assert.True(TicketWorkflow.RoutingPriority(TicketPriority.High) > TicketWorkflow.RoutingPriority(TicketPriority.Normal));
        Assert.True(TicketWorkflow.RoutingPriority(TicketPriority.Normal) > TicketWorkflow.RoutingPriority(TicketPriority.Low));
    }

    [Fact]
    public void Field_values_are_normalized_by_kind()
    {
        TicketFieldDefinition[] fields =
        [
            new("amount", "Amount", TicketFieldKind.Number, []),
            new("gift", "Gift", TicketFieldKind.Checkbox, []),
            new("plan", "Plan", TicketFieldKind.DropDown, ["basic", "gold"]),
        ];
        var normalized = CustomFieldRules.Normalize(new Dictionary<string, string> { ["amount"] = "1,000.50", ["gift"] = "FALSE", ["plan"] = "gold" }, fields, "f");
        Assert.Equal("1000.50", normalized["amount"]);
        Assert.Equal("false", normalized["gift"]);
        Assert.Equal("gold", normalized["plan"]);
        var refused = Assert.Throws<SwitchboardException>(() => CustomFieldRules.Normalize(new Dictionary<string, string> { ["plan"] = "Gold" }, fields, "f"));
        Assert.Equal("f[plan]", refused.Field);
        Assert.Equal(SwitchboardError.InvalidArgument, refused.Error);
    }

    [Theory]
    [InlineData(true, null, true)]
    [InlineData(true, "alice", false)]
    [InlineData(false, null, false)]
    [InlineData(false, "alice", false)]
    public void Only_a_ticket_waiting_for_its_first_agent_can_be_abandoned(bool waiting, string? lastAgentId, bool abandonable)
    {
        Assert.Equal(abandonable, TicketWorkflow.CanBeAbandoned(waiting, lastAgentId));
    }
}
