namespace Switchboard.Contracts.Reports;

/// <summary>What one row of a report stands for.</summary>
[GenerateSerializer]
[Alias("switchboard.ReportGrouping")]
public enum ReportGrouping
{
    /// <summary>A calendar day in the report's time zone.</summary>
    Day = 1,

    /// <summary>A queue: the one the ticket was in when the figure's event happened.</summary>
    Queue = 2,

    /// <summary>An agent: the one who did what the figure counts (replied, solved, handled, was rated).</summary>
    Agent = 3,
}
