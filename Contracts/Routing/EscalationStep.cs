namespace Switchboard.Contracts.Routing;

[GenerateSerializer]
[Alias("switchboard.EscalationAction")]
public enum EscalationAction
{
    /// <summary>Add to the ticket's priority.</summary>
    RaisePriority = 1,
    /// <summary>Drop the queue's skill requirement: any agent of the queue qualifies.</summary>
    RelaxSkills = 2,
    /// <summary>Move the ticket to another queue, keeping its place by age.</summary>
    Overflow = 3,
}

/// <summary>What happens to a ticket that has waited <see cref="After"/> in a queue.</summary>
[GenerateSerializer, Immutable]
[Alias("switchboard.EscalationStep")]
public sealed record EscalationStep(
    [property: Id(0)] TimeSpan After,
    [property: Id(1)] EscalationAction Action,
    [property: Id(2)] int PriorityIncrease,
    [property: Id(3)] string? OverflowQueueId);
