namespace Switchboard.Contracts.Channels;

/// <summary>What an outbound delivery is, so the adapter can render each kind its own way.</summary>
[GenerateSerializer]
[Alias("switchboard.OutboundKind")]
public enum OutboundKind
{
    /// <summary>An agent's public reply on the customer's conversation.</summary>
    Message = 0,

    /// <summary>A satisfaction survey after the ticket was solved; the adapter returns the rating with its survey id.</summary>
    CsatSurvey = 1,

    /// <summary>A message of a side conversation with a third party; replies come back with its id.</summary>
    SideConversation = 2,
}
