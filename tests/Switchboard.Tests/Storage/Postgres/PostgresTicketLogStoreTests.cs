using Switchboard.Gateway.Hosting;
using Switchboard.Contracts.Tickets;
using Switchboard.Silo.Tickets.Events;
using Npgsql;
using Switchboard.Silo.Storage;
using Switchboard.Silo.Storage.Postgres;
using Switchboard.Testing;

namespace Switchboard.Tests.Storage.Postgres;

public sealed class PostgresTicketLogStoreTests(PostgresDatabaseFixture fixture) : IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    private const string Tenant = "acme";

    private static readonly DateTimeOffset Start = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private NpgsqlDataSource _dataSource = null!;

    public Task InitializeAsync()
    {
        _dataSource = NpgsqlDataSource.Create(StorageOptions.Multiplexed(fixture.ConnectionString));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _dataSource.DisposeAsync();

    [PostgresFact]
    public Task Solved_tickets_are_read_longest_solved_first() =>
        SolvedIndexContract.Solved_tickets_are_read_longest_solved_first(new PostgresTicketLogStore(_dataSource), $"solved-{Guid.NewGuid():N}");

    [PostgresFact]
    public Task An_append_that_only_advances_moves_the_position_and_keeps_the_row() =>
        AdvancingIndexContract.An_append_that_only_advances_moves_the_position_and_keeps_the_row(new PostgresTicketLogStore(_dataSource), $"advance-{Guid.NewGuid():N}");

    [PostgresFact]
    public Task An_append_that_only_advances_writes_nothing_else() =>
        AdvancingIndexContract.An_append_that_only_advances_writes_nothing_else(new PostgresTicketLogStore(_dataSource), $"advance-{Guid.NewGuid():N}");

    [PostgresFact]
    public async Task Appended_events_read_back_in_order_with_their_payloads()
    {
        var store = new PostgresTicketLogStore(_dataSource);
        var ticket = NewTicketId();

        await store.AppendAsync(Tenant, ticket, 0, [Event(1, "opened"), Event(2, "customer_message")], Index(ticket, 2));
        await store.AppendAsync(Tenant, ticket, 2, [Event(3, "agent_reply")], Index(ticket, 3));

        var events = await store.ReadAsync(Tenant, ticket);
        Assert.Equal([1L, 2L, 3L], events.Select(e => e.Sequence));
        Assert.Equal(["opened", "customer_message", "agent_reply"], events.Select(e => e.Kind));
        Assert.Equal(Event(2, "customer_message"), events[1]);
    }

    [PostgresFact]
    public async Task Logs_read_together_each_come_back_whole_and_in_order()
    {
        var store = new PostgresTicketLogStore(_dataSource);
        var tickets = Enumerable.Range(0, 60).Select(_ => NewTicketId()).ToArray();
        // Ticket i has i % 5 events (none for every fifth), written in two appends where it has more than one.
        await Task.WhenAll(tickets.Select(async (t, i) =>
        {
            var count = i % 5;
            if (count > 0)
            {
                await store.AppendAsync(Tenant, t, 0, [Event(1, $"first_{i}")], Index(t, 1));
            }
            if (count > 1)
            {
                await store.AppendAsync(Tenant, t, 1, [.. Enumerable.Range(2, count - 1).Select(s => Event(s, $"more_{i}"))], Index(t, count));
            }
        }));

        var logs = await Task.WhenAll(tickets.Select(t => store.ReadAsync(Tenant, t)));

        for (var i = 0; i < tickets.Length; i++)
        {
            Assert.Equal(Enumerable.Range(1, i % 5).Select(s => (long)s), logs[i].Select(e => e.Sequence));
            Assert.All(logs[i], e => Assert.EndsWith($"_{i}", e.Kind, StringComparison.Ordinal));
        }
    }

    [PostgresFact]
    public async Task Append_at_a_stale_sequence_is_a_conflict_and_changes_nothing()
    {
        var store = new PostgresTicketLogStore(_dataSource);
        var ticket = NewTicketId();
        await store.AppendAsync(Tenant, ticket, 0, [Event(1, "opened"), Event(2, "customer_message")], Index(ticket, 2, queue: "sales"));

        await Assert.ThrowsAsync<LogConflictException>(() =>
            store.AppendAsync(Tenant, ticket, 1, [Event(2, "agent_reply")], Index(ticket, 2, queue: "billing")));
        await Assert.ThrowsAsync<LogConflictException>(() =>
            store.AppendAsync(Tenant, ticket, 3, [Event(4, "agent_reply")], Index(ticket, 4, queue: "billing")));

        Assert.Equal(["opened", "customer_message"], (await store.ReadAsync(Tenant, ticket)).Select(e => e.Kind));
        var waiting = Assert.Single(await store.ReadWaitingAsync(Tenant, "sales"), r => r.TicketId == ticket);
        Assert.Equal(2, waiting.LastSequence);
        Assert.DoesNotContain(await store.ReadWaitingAsync(Tenant, "billing"), r => r.TicketId == ticket);
    }

    [PostgresFact]
    public async Task Concurrent_appends_at_the_same_sequence_let_exactly_one_writer_win()
    {
        var ticket = NewTicketId();
        await new PostgresTicketLogStore(_dataSource).AppendAsync(Tenant, ticket, 0, [Event(1, "opened")], Index(ticket, 1));

        // Separate data sources: separate connections racing on the server, as two silos would.
        var writers = Enumerable.Range(0, 8).Select(async writer =>
        {
            await using var dataSource = NpgsqlDataSource.Create(StorageOptions.Multiplexed(fixture.ConnectionString));
            var store = new PostgresTicketLogStore(dataSource);
            try
            {
                await store.AppendAsync(Tenant, ticket, 1, [Event(2, $"writer_{writer}"), Event(3, $"writer_{writer}")], Index(ticket, 3));
                return (Writer: writer, Won: true);
            }
            catch (LogConflictException)
            {
                return (Writer: writer, Won: false);
            }
        }).ToArray();
        var outcomes = await Task.WhenAll(writers);

        var winner = Assert.Single(outcomes, o => o.Won);
        Assert.Equal(
            ["opened", $"writer_{winner.Writer}", $"writer_{winner.Writer}"],
            (await new PostgresTicketLogStore(_dataSource).ReadAsync(Tenant, ticket)).Select(e => e.Kind));
    }

    [PostgresFact]
    public async Task Many_concurrent_appends_to_different_tickets_all_land()
    {
        var store = new PostgresTicketLogStore(_dataSource);
        var tickets = Enumerable.Range(0, 200).Select(_ => NewTicketId()).ToArray();

        await Task.WhenAll(tickets.Select(t => store.AppendAsync(Tenant, t, 0, [Event(1, "opened"), Event(2, "customer_message")], Index(t, 2))));
        await Task.WhenAll(tickets.Select(t => store.AppendAsync(Tenant, t, 2, [Event(3, "agent_reply")], Index(t, 3))));

        foreach (var ticket in tickets)
        {
            Assert.Equal([1L, 2L, 3L], (await store.ReadAsync(Tenant, ticket)).Select(e => e.Sequence));
        }
        await using var command = _dataSource.CreateCommand("SELECT COUNT(*) FROM tickets WHERE tenant = @tenant AND ticket_id = ANY(@tickets) AND last_sequence = 3");
        command.Parameters.AddWithValue("tenant", Tenant);
        command.Parameters.AddWithValue("tickets", tickets);
        Assert.Equal((long)tickets.Length, (long)(await command.ExecuteScalarAsync())!);
    }

    [PostgresFact]
    public async Task A_groups_shared_statements_write_every_current_append_and_return_only_those()
    {
        var store = new PostgresTicketLogStore(_dataSource);
        var (rewritten, stale, fresh, advanced, behind) = (NewTicketId(), NewTicketId(), NewTicketId(), NewTicketId(), NewTicketId());
        foreach (var ticket in new[] { rewritten, stale, advanced, behind })
        {
            await store.AppendAsync(Tenant, ticket, 0, [Event(1, "opened")], Index(ticket, 1));
        }
        var agent = $"agent-{Guid.NewGuid():N}";
        var moved = Index(rewritten, 3, queue: "billing") with
        {
            Assignee = agent, WaitingSince = null, SlaDueAt = Start.AddHours(1), WaitSequence = 2, CustomerName = "Ann", LastAgentId = agent,
            LastAssignedAt = Start.AddMinutes(3),
        };
        TicketAppend[] rewriting =
        [
            Shared(rewritten, 1, moved, false, Event(2, "customer_message"), Event(3, "assigned")),
            Shared(stale, 0, Index(stale, 1, queue: "billing"), false, Event(1, "opened")),
            Shared(fresh, 0, Index(fresh, 1), false, Event(1, "opened")),
        ];
        TicketAppend[] advancing =
        [
            Shared(behind, 2, Index(behind, 3), true, Event(3, "customer_message")),
            Shared(advanced, 1, Index(advanced, 2), true, Event(2, "customer_message")),
        ];

        await using var connection = await _dataSource.OpenConnectionAsync();
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands = { PostgresGroupAppend.Command(rewriting, onlyAdvances: false), PostgresGroupAppend.Command(advancing, onlyAdvances: true) },
        };
        var returned = new List<List<long>>();
        await using (var reader = await batch.ExecuteReaderAsync())
        {
            do
            {
                var ordinals = new List<long>();
                while (await reader.ReadAsync())
                {
                    ordinals.Add(reader.GetInt64(0));
                }
                returned.Add(ordinals);
            }
            while (await reader.NextResultAsync());
        }

        Assert.Equal([1L, 3L], returned[0].Order());
        Assert.Equal([2L], returned[1]);
        Assert.Equal(["opened", "customer_message", "assigned"], (await store.ReadAsync(Tenant, rewritten)).Select(e => e.Kind));
        Assert.Equal(Event(3, "assigned"), (await store.ReadAsync(Tenant, rewritten))[2]);
        Assert.Equal(["opened"], (await store.ReadAsync(Tenant, stale)).Select(e => e.Kind));
        Assert.Equal(["opened"], (await store.ReadAsync(Tenant, fresh)).Select(e => e.Kind));
        Assert.Equal(["opened", "customer_message"], (await store.ReadAsync(Tenant, advanced)).Select(e => e.Kind));
        Assert.Equal(["opened"], (await store.ReadAsync(Tenant, behind)).Select(e => e.Kind));
        var assigned = Assert.Single(await store.ReadAssignedAsync(Tenant, agent));
        Assert.Equal((rewritten, 3L), (assigned.TicketId, assigned.LastSequence));
        var customer = Assert.Single(await store.ReadCustomerAsync(Tenant, "c-1"), row => row.TicketId == rewritten);
        Assert.Equal(("Ann", agent, Start.AddMinutes(3)), (customer.Name, customer.LastAgentId, customer.LastAssignedAt));
        Assert.Contains(await store.ReadWaitingAsync(Tenant, "default"), row => row.TicketId == fresh && row.LastSequence == 1);
        Assert.Contains(await store.ReadWaitingAsync(Tenant, "default"), row => row.TicketId == advanced && row.LastSequence == 2);
        Assert.Contains(await store.ReadWaitingAsync(Tenant, "default"), row => row.TicketId == behind && row.LastSequence == 1);
        Assert.DoesNotContain(await store.ReadWaitingAsync(Tenant, "billing"), row => row.TicketId == stale);
    }

    [PostgresFact]
    public async Task Appends_to_many_tickets_with_a_stale_one_among_them_all_land_but_the_stale_one()
    {
        var store = new PostgresTicketLogStore(_dataSource);
        var tickets = Enumerable.Range(0, 100).Select(_ => NewTicketId()).ToArray();
        await Task.WhenAll(tickets.Select(t => store.AppendAsync(Tenant, t, 0, [Event(1, "opened")], Index(t, 1))));

        // Every ticket is on its own and has events, so the groups go as shared statements; one of them is stale.
        var appends = tickets.Select((t, i) => i == 50
            ? store.AppendAsync(Tenant, t, 0, [Event(1, "opened")], Index(t, 1, queue: "billing"))
            : store.AppendAsync(Tenant, t, 1, [Event(2, "customer_message")], Index(t, 2), stored: Index(t, 1))).ToArray();

        await Assert.ThrowsAsync<LogConflictException>(() => appends[50]);
        await Task.WhenAll(appends.Where((_, i) => i != 50));
        for (var i = 0; i < tickets.Length; i++)
        {
            Assert.Equal(i == 50 ? 1 : 2, (await store.ReadAsync(Tenant, tickets[i])).Count);
        }
        Assert.DoesNotContain(await store.ReadWaitingAsync(Tenant, "billing"), row => row.TicketId == tickets[50]);
    }

    private static TicketAppend Shared(string ticket, long expected, TicketIndexRow index, bool onlyAdvances, params StoredEvent[] events) =>
        new(Tenant, ticket, expected, index, events[^1].OccurredAt, onlyAdvances,
            [.. events.Select(e => e.Sequence)], [.. events.Select(e => e.Kind)], [.. events.Select(e => e.OccurredAt)], [.. events.Select(e => e.Payload)]);

    [PostgresFact]
    public Task A_conflicting_append_in_a_group_fails_alone_and_the_others_commit() =>
        // One colliding on the primary key (its sequence check passes, its event number is taken), one at a sequence
        // the log has not reached, and one with nothing to insert at a stale sequence.
        OnlyTheGoodAppendsStand((store, contested) =>
        [
            store.AppendAsync(Tenant, contested, 3, [Event(3, "duplicate"), Event(4, "duplicate")], Index(contested, 4, queue: "billing")),
            store.AppendAsync(Tenant, contested, 5, [Event(6, "agent_reply")], Index(contested, 6, queue: "billing")),
            store.AppendAsync(Tenant, contested, 1, [], Index(contested, 1, queue: "billing")),
        ]);

    [PostgresFact]
    public Task A_key_collision_among_appends_sent_in_one_round_trip_fails_alone_and_the_stale_one_moves_no_index() =>
        // No append here needs a check of its own, so each group is first sent whole in one batch: the collision
        // aborts it and the group is written again append by append.
        OnlyTheGoodAppendsStand((store, contested) =>
        [
            store.AppendAsync(Tenant, contested, 3, [Event(3, "duplicate"), Event(4, "duplicate")], Index(contested, 4, queue: "billing")),
            store.AppendAsync(Tenant, contested, 1, [Event(2, "agent_reply")], Index(contested, 2, queue: "billing")),
        ]);

    /// <summary>
    /// Issues <paramref name="conflicting"/> appends to a contested ticket (each would move its index to "billing")
    /// among many good ones, so they share groups: each conflicting one fails alone, every good one stands.
    /// </summary>
    private async Task OnlyTheGoodAppendsStand(Func<PostgresTicketLogStore, string, Task[]> conflicting)
    {
        var store = new PostgresTicketLogStore(_dataSource);
        var (contested, others) = (NewTicketId(), Enumerable.Range(0, 50).Select(_ => NewTicketId()).ToArray());
        await store.AppendAsync(Tenant, contested, 0, [Event(1, "opened"), Event(2, "customer_message")], Index(contested, 2, queue: "sales"));

        var good = others.Select(t => store.AppendAsync(Tenant, t, 0, [Event(1, "opened")], Index(t, 1))).ToList();
        good.Add(store.AppendAsync(Tenant, contested, 2, [Event(3, "agent_reply")], Index(contested, 3, queue: "sales")));
        var refused = conflicting(store, contested);
        good.AddRange(others.Select(t => store.AppendAsync(Tenant, t, 1, [Event(2, "agent_reply")], Index(t, 2))));

        foreach (var append in refused)
        {
            await Assert.ThrowsAsync<LogConflictException>(() => append);
        }
        await Task.WhenAll(good);
        Assert.Equal(["opened", "customer_message", "agent_reply"], (await store.ReadAsync(Tenant, contested)).Select(e => e.Kind));
        Assert.Equal(3, Assert.Single(await store.ReadWaitingAsync(Tenant, "sales"), r => r.TicketId == contested).LastSequence);
        Assert.DoesNotContain(await store.ReadWaitingAsync(Tenant, "billing"), r => r.TicketId == contested);
        foreach (var ticket in others)
        {
            Assert.Equal(["opened", "agent_reply"], (await store.ReadAsync(Tenant, ticket)).Select(e => e.Kind));
        }
    }

    [PostgresFact]
    public async Task A_failed_commit_fails_every_append_of_its_group()
    {
        var store = new PostgresTicketLogStore(_dataSource);
        var tickets = Enumerable.Range(0, 20).Select(_ => NewTicketId()).ToArray();
        var blocker = NewTicketId();
        // A deferred constraint that only the COMMIT checks: a ticket index row without any event breaks it.
        await using (var setup = _dataSource.CreateCommand($"""
            CREATE OR REPLACE FUNCTION pggc_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN IF NEW.ticket_id = '{blocker}' THEN RAISE EXCEPTION 'refused at commit'; END IF; RETURN NULL; END $$;
            CREATE CONSTRAINT TRIGGER pggc_refuse_{blocker.Replace("-", "_")} AFTER INSERT ON tickets
                DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION pggc_refuse();
            """))
        {
            await setup.ExecuteNonQueryAsync();
        }
        try
        {
            var appends = tickets.Select(t => store.AppendAsync(Tenant, t, 0, [Event(1, "opened")], Index(t, 1)))
                .Append(store.AppendAsync(Tenant, blocker, 0, [Event(1, "opened")], Index(blocker, 1)))
                .ToArray();

            var outcomes = await Task.WhenAll(appends.Select(async a =>
            {
                try
                {
                    await a;
                    return true;
                }
                catch (PostgresException)
                {
                    return false;
                }
            }));

            // Whatever shared the blocker's commit failed with it, and nothing that failed was written.
            Assert.False(outcomes[^1]);
            Assert.Empty(await store.ReadAsync(Tenant, blocker));
            for (var i = 0; i < tickets.Length; i++)
            {
                Assert.Equal(outcomes[i] ? 1 : 0, (await store.ReadAsync(Tenant, tickets[i])).Count);
            }
        }
        finally
        {
            await using var drop = _dataSource.CreateCommand($"DROP TRIGGER pggc_refuse_{blocker.Replace("-", "_")} ON tickets");
            await drop.ExecuteNonQueryAsync();
        }
    }

    [PostgresFact]
    public async Task Waiting_tickets_come_oldest_first_and_assigned_ones_drop_out()
    {
        var store = new PostgresTicketLogStore(_dataSource);
        var queue = $"q-{Guid.NewGuid():N}";
        var (older, newer, assigned) = (NewTicketId(), NewTicketId(), NewTicketId());
        await store.AppendAsync(Tenant, newer, 0, [Event(1, "opened")], Index(newer, 1, queue, waitingSince: Start.AddMinutes(5)));
        await store.AppendAsync(Tenant, older, 0, [Event(1, "opened")], Index(older, 1, queue, waitingSince: Start) with { SlaDueAt = Start.AddMinutes(30), WaitSequence = 1 });
        await store.AppendAsync(Tenant, assigned, 0, [Event(1, "opened")], Index(assigned, 1, queue, waitingSince: Start.AddMinutes(1)));

        await store.AppendAsync(Tenant, assigned, 1, [Event(2, "assigned")], Index(assigned, 2, queue) with { Assignee = "alice", WaitingSince = null });

        var waiting = await store.ReadWaitingAsync(Tenant, queue);
        Assert.Equal([older, newer], waiting.Select(r => r.TicketId));
        Assert.Equal(Start, waiting[0].WaitingSince);
        Assert.Equal([Start.AddMinutes(30), null], waiting.Select(r => r.SlaDueAt));
        Assert.Equal([1L, null], waiting.Select(r => r.WaitSequence));
        Assert.Empty(await store.ReadWaitingAsync("other-tenant", queue));
    }

    [PostgresFact]
    public async Task Assigned_tickets_are_the_open_ones_with_that_assignee()
    {
        var store = new PostgresTicketLogStore(_dataSource);
        var agent = $"agent-{Guid.NewGuid():N}";
        var (open, solved, other) = (NewTicketId(), NewTicketId(), NewTicketId());
        await store.AppendAsync(Tenant, open, 0, [Event(1, "assigned")], Index(open, 1) with { Status = "Open", Channel = "Email", Assignee = agent, WaitingSince = null });
        await store.AppendAsync(Tenant, solved, 0, [Event(1, "solved")], Index(solved, 1) with { Status = "Solved", Assignee = agent, WaitingSince = null });
        await store.AppendAsync(Tenant, other, 0, [Event(1, "assigned")], Index(other, 1) with { Status = "Open", Assignee = agent + "-x", WaitingSince = null });

        Assert.Equal([new AssignedTicketRow(open, "Email", 1)], await store.ReadAssignedAsync(Tenant, agent));
        Assert.Empty(await store.ReadAssignedAsync("other-tenant", agent));
    }

    [PostgresFact]
    public async Task Customer_tickets_are_the_index_rows_for_that_customer_oldest_opening_first()
    {
        var store = new PostgresTicketLogStore(_dataSource);
        var (customer, other) = ($"c-{Guid.NewGuid():N}", $"c-{Guid.NewGuid():N}");
        var (older, newer, theirs) = (NewTicketId(), NewTicketId(), NewTicketId());
        await store.AppendAsync(Tenant, older, 0, [new StoredEvent(1, "opened", Start.AddMinutes(1), "{}")], Index(older, 1) with { CustomerId = customer });
        await store.AppendAsync(Tenant, newer, 0, [new StoredEvent(1, "opened", Start.AddMinutes(2), "{}")], Index(newer, 1) with { CustomerId = customer });
        await store.AppendAsync(Tenant, theirs, 0, [new StoredEvent(1, "opened", Start, "{}")], Index(theirs, 1) with { CustomerId = other });
        // A later event on the older ticket does not move it.
        await store.AppendAsync(Tenant, older, 1, [new StoredEvent(2, "message_received", Start.AddMinutes(5), "{}")], Index(older, 2) with { CustomerId = customer });

        Assert.Equal([older, newer], (await store.ReadCustomerAsync(Tenant, customer)).Select(row => row.TicketId));
        Assert.Equal([theirs], (await store.ReadCustomerAsync(Tenant, other)).Select(row => row.TicketId));
        Assert.Empty(await store.ReadCustomerAsync("other-tenant", customer));
    }

    [PostgresFact]
    public async Task A_customers_address_name_and_preferred_agent_come_from_their_tickets_rows()
    {
        var store = new PostgresTicketLogStore(_dataSource);
        var customer = $"c-{Guid.NewGuid():N}";
        var (first, second) = (NewTicketId(), NewTicketId());
        Assert.Null(await store.ReadPreferredAgentAsync(Tenant, customer));
        await store.AppendAsync(Tenant, first, 0, [new StoredEvent(1, "opened", Start, """{"customerAddress":"+15550100","customerName":"Dana"}""")],
            Index(first, 1) with { CustomerId = customer, CustomerIdentity = "sms:+15550100", CustomerName = "Dana" });
        await store.AppendAsync(Tenant, second, 0, [new StoredEvent(1, "opened", Start.AddMinutes(1), "{}")], Index(second, 1) with { CustomerId = customer });
        Assert.Null(await store.ReadPreferredAgentAsync(Tenant, customer));

        // The second ticket went to bo after the first went to ann; the first is written to last, which does not make
        // ann the last agent.
        await store.AppendAsync(Tenant, first, 1, [Event(2, "assigned")],
            Index(first, 2) with { CustomerId = customer, CustomerIdentity = "sms:+15550100", CustomerName = "Dana", LastAgentId = "ann", LastAssignedAt = Start.AddMinutes(2) });
        await store.AppendAsync(Tenant, second, 1, [Event(2, "assigned")],
            Index(second, 2) with { CustomerId = customer, LastAgentId = "bo", LastAssignedAt = Start.AddMinutes(3) });
        await store.AppendAsync(Tenant, first, 2, [Event(3, "solved")],
            Index(first, 3) with { CustomerId = customer, CustomerIdentity = "sms:+15550100", CustomerName = "Dana", LastAgentId = "ann", LastAssignedAt = Start.AddMinutes(2) });

        Assert.Equal("bo", await store.ReadPreferredAgentAsync(Tenant, customer));
        var rows = await store.ReadCustomerAsync(Tenant, customer);
        Assert.Equal([(first, "sms:+15550100", "Dana", "ann"), (second, null, null, "bo")], rows.Select(r => (r.TicketId, r.Identity, r.Name, r.LastAgentId)));
        Assert.Equal(Start.AddMinutes(3), rows[1].LastAssignedAt);

        await store.RedactCustomerAsync(Tenant, first);

        Assert.Equal((null, null), (await store.ReadCustomerAsync(Tenant, customer)).Select(r => (r.Identity, r.Name)).First());
        Assert.DoesNotContain("Dana", (await store.ReadAsync(Tenant, first))[0].Payload, StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task Applying_the_schema_again_changes_nothing()
    {
        var output = await TestPostgres.ApplySchemaAsync(fixture.ConnectionString);

        Assert.Contains("(0 applied now)", output, StringComparison.Ordinal);
        await using var command = _dataSource.CreateCommand("SELECT COUNT(*) FROM schema_version");
        Assert.Equal(Directory.GetFiles(Path.Combine(TestPostgres.RepositoryRoot(), "deploy", "sql"), "*.sql").Length, (long)(await command.ExecuteScalarAsync())!);
    }

    [PostgresFact]
    public async Task Erasure_redacts_customer_bodies_and_address_and_the_events_still_decode()
    {
        var store = new PostgresTicketLogStore(_dataSource);
        var ticket = NewTicketId();
        TicketEvent[] events =
        [
            new TicketOpened(Start, "webchat", ChannelKind.Chat, "conv", "c-1", "+15550100", null),
            new CustomerMessageReceived(Start, "m-1", "my secret", Start),
            new AgentReplied(Start, "alice", "noted"),
            new CsatRated(Start, 2, "call me on +15550100", "alice", "default"),
            new CsatRated(Start, 5, null, "alice", "default"),
        ];
        await store.AppendAsync(Tenant, ticket, 0, events.Select((e, i) => TicketEventCodec.Encode(i + 1, e)).ToArray(), Index(ticket, 5));

        await store.RedactCustomerAsync(Tenant, ticket);
        await store.RedactCustomerAsync(Tenant, ticket);

        var decoded = (await store.ReadAsync(Tenant, ticket)).Select(TicketEventCodec.Decode).ToArray();
        Assert.Equal(CustomerErased.Redacted, Assert.IsType<TicketOpened>(decoded[0]).CustomerAddress);
        Assert.Equal(CustomerErased.Redacted, Assert.IsType<CustomerMessageReceived>(decoded[1]).Body);
        Assert.Equal("noted", Assert.IsType<AgentReplied>(decoded[2]).Body);
        Assert.Equal((2, CustomerErased.Redacted), (Assert.IsType<CsatRated>(decoded[3]).Rating, ((CsatRated)decoded[3]).Comment));
        Assert.Null(Assert.IsType<CsatRated>(decoded[4]).Comment);
    }

    private static string NewTicketId() => $"t-{Guid.NewGuid():N}";

    private static StoredEvent Event(long sequence, string kind) =>
        new(sequence, kind, Start.AddSeconds(sequence), $$"""{"kind":"{{kind}}","sequence":{{sequence}}}""");

    private static TicketIndexRow Index(string ticket, long last, string queue = "default", DateTimeOffset? waitingSince = null) =>
        new(Tenant, ticket, "open", "chat", "c-1", queue, null, waitingSince ?? Start, 0, "hello", last);
}
