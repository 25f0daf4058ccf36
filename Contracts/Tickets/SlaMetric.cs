namespace Switchboard.Contracts.Tickets;

/// <summary>What an SLA target measures.</summary>
[GenerateSerializer]
[Alias("switchboard.SlaMetric")]
public enum SlaMetric
{
    /// <summary>From the ticket's creation to the first public agent reply.</summary>
    FirstReply = 1,

    /// <summary>From a customer message after an agent's reply to the next public agent reply.</summary>
    NextReply = 2,

    /// <summary>From the ticket's creation until it is solved (across reopenings).</summary>
    Resolution = 3,
}
