using System.Diagnostics;
using Grpc.Core;
using Switchboard.EndToEnd.Harness;
using Switchboard.Testing;
using Switchboard.V1;
using Xunit.Abstractions;

namespace Switchboard.EndToEnd.Failover;

/// <summary>
/// Unary calls in flight to a silo that dies: a gateway must answer them once the cluster has declared the silo
/// dead (about 10 s; the test reads the membership table for the moment), not after the Orleans client's 30 s response timeout. A retried idempotent call succeeds and
/// is stored once; any other call answers UNAVAILABLE and says to retry.
/// </summary>
[Collection(RunsAlone.Name)]
public sealed class InFlightCallTests(ITestOutputHelper output)
{
    private const int Conversations = 24;
    private const string AdapterId = "webchat";
    private const string NoteTaker = "noter";

    /// <summary>
    /// Membership declares a SIGKILLed silo dead in about 10 s (longer on a loaded machine); the gateway reads the table
    /// every second (<c>Failover:MembershipCheckInterval</c>), so it must answer within this of the declaration.
    /// </summary>
    private static readonly TimeSpan AfterDeclaration = TimeSpan.FromSeconds(5);

    /// <summary>The Orleans client's response timeout: an answer this late means the lost-call watch did nothing.</summary>
    private static readonly TimeSpan ResponseTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Calls that have not answered this long after the freeze wait on the frozen silo.</summary>
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(1.5);

    private sealed record Outcome(string Kind, int Conversation, StatusCode Code, string Detail, TimeSpan AfterKill);

    [PostgresFact]
    public async Task Calls_in_flight_to_a_killed_silo_answer_within_the_death_declaration_and_idempotent_ones_succeed()
    {
        // The admin key stays cached, so the calls wait on the grains they are about, not on the key's grain.
        await using var cluster = await ProcessCluster.Start(silos: 3, gateways: 1,
            "--Switchboard:Auth:RequestsPerSecond=20000",
            "--Switchboard:Auth:Burst=40000",
            "--Switchboard:Auth:CredentialRecheck=00:05:00");
        output.WriteLine($"logs in {cluster.LogDirectory}");
        var gateway = cluster.Gateways[0];
        await gateway.Admin.UpsertAgentAsync(new() { Agent = new AgentProfile { AgentId = NoteTaker, DisplayName = "Note taker" } });
        var tickets = await Task.WhenAll(Enumerable.Range(0, Conversations).Select(async i =>
            (await gateway.Channels.SubmitInboundAsync(Inbound(i, 1))).Ack.TicketId));

        var victim = cluster.Silos[0];
        await victim.Freeze();
        var clock = Stopwatch.StartNew();
        var killedAt = TimeSpan.Zero;
        var calls = Enumerable.Range(0, Conversations).SelectMany(i => new[]
        {
            Answer("inbound", i, async () => await gateway.Channels.SubmitInboundAsync(Inbound(i, 2), deadline: DateTime.UtcNow.AddSeconds(60))),
            Answer("note", i, async () => await gateway.Agents.AddInternalNoteAsync(
                new() { AgentId = NoteTaker, TicketId = tickets[i], Body = $"note {i}" }, deadline: DateTime.UtcNow.AddSeconds(60))),
        }).ToList();
        await Task.Delay(Settle);
        var inFlight = calls.Where(call => !call.IsCompleted).ToList();
        killedAt = clock.Elapsed;
        await victim.Kill();
        var declared = await cluster.WaitForDeathDeclaration(ResponseTimeout);
        var answered = await Task.WhenAll(inFlight);
        var all = await Task.WhenAll(calls);

        foreach (var outcome in answered.OrderBy(o => o.AfterKill))
        {
            output.WriteLine($"{outcome.Kind} {outcome.Conversation}: {outcome.Code} after {outcome.AfterKill.TotalSeconds:F1} s ({outcome.Detail})");
        }
        output.WriteLine($"{answered.Length} of {calls.Count} calls were in flight at the kill; membership declared the silo dead {declared.TotalSeconds:F1} s after it; the last call answered {answered.Max(o => o.AfterKill).TotalSeconds:F1} s after it");

        // Enough calls waited on the frozen silo for the test to mean something.
        Assert.Contains(answered, o => o.Kind == "inbound");
        Assert.True(declared + AfterDeclaration < ResponseTimeout,
            $"membership took {declared.TotalSeconds:F1} s to declare the silo dead, too close to the response timeout for the test to tell the watch from it");
        Assert.All(answered, o => Assert.True(o.AfterKill < declared + AfterDeclaration,
            $"{o.Kind} {o.Conversation} answered {o.AfterKill.TotalSeconds:F1} s after the kill, {(o.AfterKill - declared).TotalSeconds:F1} s after the death declaration"));
        // Inbound messages carry the adapter's id: the gateway retried them on the new activation.
        Assert.All(all.Where(o => o.Kind == "inbound"), o => Assert.True(o.Code == StatusCode.OK, $"inbound {o.Conversation}: {o.Code} {o.Detail}"));
        // A note is not idempotent: answered, or refused as UNAVAILABLE with what to do.
        Assert.All(all.Where(o => o.Kind == "note" && o.Code != StatusCode.OK), o =>
        {
            Assert.Equal(StatusCode.Unavailable, o.Code);
            Assert.Contains("retry", o.Detail, StringComparison.OrdinalIgnoreCase);
        });

        // Each acked inbound message is stored once, retried or not.
        for (var i = 0; i < Conversations; i++)
        {
            var ticket = (await gateway.Agents.GetTicketAsync(new() { TicketId = tickets[i] })).Ticket;
            Assert.Equal(1, ticket.Transcript.Count(m => m.Body == Body(i, 2)));
        }

        async Task<Outcome> Answer(string kind, int conversation, Func<Task> call)
        {
            try
            {
                await call();
                return new(kind, conversation, StatusCode.OK, "", clock.Elapsed - killedAt);
            }
            catch (RpcException e)
            {
                return new(kind, conversation, e.StatusCode, e.Status.Detail, clock.Elapsed - killedAt);
            }
        }
    }

    private static SubmitInboundRequest Inbound(int conversation, int message) => new()
    {
        AdapterId = AdapterId,
        Message = AdapterSession.Message($"conv-{conversation}", $"m-{conversation}-{message}", Body(conversation, message), sender: $"visitor-{conversation}"),
    };

    private static string Body(int conversation, int message) => $"message {message} of conversation {conversation}";
}
