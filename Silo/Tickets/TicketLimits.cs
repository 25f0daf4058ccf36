namespace Switchboard.Silo.Tickets;

/// <summary>How much one ticket may carry, so no caller can grow a ticket without bound (documented in the README).</summary>
public static class TicketLimits
{
    public const int MaxTags = 100;

    public const int MaxCustomFields = 100;

    public const int MaxSideConversations = 50;
}
