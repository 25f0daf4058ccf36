using System.Globalization;
using Microsoft.Data.Sqlite;
using Switchboard.Contracts.Tickets;
using Switchboard.Silo.Storage.Sqlite;
using Switchboard.Silo.Tickets.Events;

namespace Switchboard.Benchmarks.Hosting;

/// <summary>
/// Writes ticket logs straight into a node's SQLite file, in one transaction, as SqliteTicketLogStore
/// lays them out: through the engine, one durable commit per ticket, 100,000 tickets would take many
/// minutes to prepare. Only the activation that reads them back is measured.
/// </summary>
public static class TicketLogSeeder
{
    public const string Tenant = "bench";

    /// <summary>Seeds open tickets assigned to an agent, each with <paramref name="events"/> events (at least 4).</summary>
    public static async Task Seed(string databasePath, IEnumerable<string> ticketIds, int events)
    {
        var database = new SqliteDatabase(databasePath);
        await using var connection = await database.OpenAsync();
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO ticket_events (tenant, ticket_id, sequence, kind, occurred_at, payload) VALUES ($tenant, $ticket, $sequence, $kind, $at, $payload)";
        insert.Parameters.AddWithValue("$tenant", Tenant);
        var ticket = insert.Parameters.Add("$ticket", SqliteType.Text);
        var sequence = insert.Parameters.Add("$sequence", SqliteType.Integer);
        var kind = insert.Parameters.Add("$kind", SqliteType.Text);
        var at = insert.Parameters.Add("$at", SqliteType.Text);
        var payload = insert.Parameters.Add("$payload", SqliteType.Text);
        foreach (var ticketId in ticketIds)
        {
            ticket.Value = ticketId;
            var number = 0L;
            foreach (var ticketEvent in Log(ticketId, events))
            {
                var stored = TicketEventCodec.Encode(++number, ticketEvent);
                sequence.Value = stored.Sequence;
                kind.Value = stored.Kind;
                at.Value = stored.OccurredAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
                payload.Value = stored.Payload;
                await insert.ExecuteNonQueryAsync();
            }
        }
        await transaction.CommitAsync();
    }

    /// <summary>A chat that was opened, queued, assigned, and then went back and forth.</summary>
    private static IEnumerable<TicketEvent> Log(string ticketId, int events)
    {
        var at = new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);
        yield return new TicketOpened(at, "webchat", ChannelKind.Chat, $"conv-{ticketId}", $"c-{ticketId}", $"visitor-{ticketId}", null);
        yield return new CustomerMessageReceived(at, $"{ticketId}-m-1", "Hi, my order never arrived", at);
        yield return new TicketQueued(at, "default", 0, at);
        yield return new TicketAssignedTo(at.AddSeconds(5), "agent-1");
        for (var n = 5; n <= events; n++)
        {
            var when = at.AddSeconds(n * 10);
            yield return n % 2 == 0
                ? new AgentReplied(when, "agent-1", "Thanks, let me look into that for you.")
                : new CustomerMessageReceived(when, $"{ticketId}-m-{n}", "The order number is 4471-220", when);
        }
    }
}
