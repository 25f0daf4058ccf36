using Switchboard.Silo.Tickets.Macros;

namespace Switchboard.Tests.Tickets;

public sealed class MacroTemplateTests
{
    [Fact]
    public void Placeholders_are_filled_with_or_without_inner_spaces()
    {
        var values = new Dictionary<string, string> { [MacroTemplate.CustomerName] = "Dana", [MacroTemplate.TicketId] = "t-1" };
        Assert.Equal("Hi Dana (t-1), Dana", MacroTemplate.Render("Hi {{customer.name}} ({{ ticket.id }}), {{customer.name}}", values));
    }

    [Fact]
    public void Unknown_placeholders_are_reported_once_each()
    {
        Assert.Equal(["customer.email", "x"], MacroTemplate.UnknownPlaceholders("{{customer.email}} {{agent.name}} {{x}} {{customer.email}}"));
        Assert.Empty(MacroTemplate.UnknownPlaceholders("Plain text with { braces }"));
    }
}
