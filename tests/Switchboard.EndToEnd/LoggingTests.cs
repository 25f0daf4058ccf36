using System.Text.Json;
using Switchboard.EndToEnd.Harness;
using Switchboard.V1;

namespace Switchboard.EndToEnd;

/// <summary>What an operator's log pipeline receives: events tied to tenant, ticket, agent and trace, and no customer content.</summary>
public sealed class LoggingTests
{
    private const string Body = "My parcel 7731-XK never arrived";
    private const string Reply = "Replacement 7731-XK ships today";
    private const string Address = "visitor-7731@example.org";

    [Fact]
    public async Task Json_log_events_carry_tenant_ticket_agent_and_trace_but_no_bodies_or_addresses()
    {
        var logPath = Path.Combine(Path.GetTempPath(), "switchboard-tests", $"{Guid.NewGuid():N}.log");
        string ticketId;
        await using (var node = await SwitchboardNode.Start(null,
            "--Serilog:MinimumLevel:Default=Information",
            // Trace ids go on log lines when spans are recorded, which without an OTLP collector is asked for.
            "--Switchboard:Telemetry:Tracing=true",
            "--Serilog:WriteTo:0:Name=File",
            $"--Serilog:WriteTo:0:Args:path={logPath}",
            "--Serilog:WriteTo:0:Args:formatter=Serilog.Formatting.Compact.CompactJsonFormatter, Serilog.Formatting.Compact"))
        {
            await using var desk = await Scenario.AvailableAgent(node, "log-agent");
            await using var adapter = await AdapterSession.Open(node, "webchat");
            var ack = await adapter.SendAcked(AdapterSession.Message("log-conv", "log-conv-1", Body, sender: Address));
            ticketId = ack.TicketId;
            await desk.Inbox.Next(e => e.EventCase == StreamDeskResponse.EventOneofCase.TicketAssigned && e.TicketAssigned.Ticket.TicketId == ticketId);
            await node.Agents.ReplyAsync(new ReplyRequest { AgentId = "log-agent", TicketId = ticketId, Body = Reply });
            await node.Agents.SolveTicketAsync(new SolveTicketRequest { AgentId = "log-agent", TicketId = ticketId });
        }

        var lines = File.ReadAllLines(logPath);
        var events = lines.Select(line => JsonDocument.Parse(line).RootElement).ToList();

        var opened = Assert.Single(events, e => Template(e).Contains("opened on", StringComparison.Ordinal) && Text(e, "TicketId") == ticketId);
        Assert.Equal("demo", Text(opened, "TenantId"));
        Assert.Matches("^[0-9a-f]{32}$", Text(opened, "@tr"));
        Assert.Matches("^[0-9a-f]{16}$", Text(opened, "@sp"));

        var available = Assert.Single(events, e => Template(e).Contains("{Presence}", StringComparison.Ordinal) && Text(e, "AgentId") == "log-agent"
            && Text(e, "Presence") == "Available");
        Assert.Equal("demo", Text(available, "TenantId"));

        // Solving goes through the gateway (which knows the ticket from the request) to the ticket grain.
        var solved = Assert.Single(events, e => Template(e).Contains("solved by", StringComparison.Ordinal));
        Assert.Equal(ticketId, Text(solved, "TicketId"));
        Assert.Equal("demo", Text(solved, "TenantId"));
        Assert.NotNull(Text(solved, "@tr"));

        Assert.All(lines, line =>
        {
            Assert.DoesNotContain("7731-XK", line, StringComparison.Ordinal);
            Assert.DoesNotContain(Address, line, StringComparison.Ordinal);
        });
    }

    private static string Template(JsonElement e) => Text(e, "@mt") ?? "";

    private static string? Text(JsonElement e, string property) =>
        e.TryGetProperty(property, out var value) ? value.ToString() : null;
}
