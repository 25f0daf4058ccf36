using System.Text.RegularExpressions;

namespace Switchboard.Silo.Tickets.Macros;

/// <summary>A macro's reply template: {{placeholder}} names filled in from the ticket, its customer and agent.</summary>
public static partial class MacroTemplate
{
    public const string CustomerName = "customer.name";
    public const string AgentName = "agent.name";
    public const string TicketId = "ticket.id";
    public const string TicketSubject = "ticket.subject";

    public static IReadOnlyList<string> Placeholders { get; } = [CustomerName, AgentName, TicketId, TicketSubject];

    /// <summary>Placeholder names in the template that are not known, in order of appearance.</summary>
    public static IEnumerable<string> UnknownPlaceholders(string template) =>
        PlaceholderPattern().Matches(template).Select(m => m.Groups[1].Value).Where(name => !Placeholders.Contains(name)).Distinct();

    /// <summary>The template with every placeholder replaced by its value (unknown ones by nothing).</summary>
    public static string Render(string template, IReadOnlyDictionary<string, string> values) =>
        PlaceholderPattern().Replace(template, m => values.TryGetValue(m.Groups[1].Value, out var value) ? value : "");

    [GeneratedRegex(@"\{\{\s*([A-Za-z0-9_.]+)\s*\}\}")]
    private static partial Regex PlaceholderPattern();
}
