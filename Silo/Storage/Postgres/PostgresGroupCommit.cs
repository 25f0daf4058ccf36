using System.Diagnostics;
using System.Threading.Channels;
using Npgsql;
using Switchboard.Contracts.Telemetry;

namespace Switchboard.Silo.Storage.Postgres;

/// <summary>
/// Group commit for ticket log appends: the appends waiting at the same moment run in one transaction on one
/// connection, and PostgreSQL flushes its WAL once for all of them. First the whole group goes in one
/// <see cref="NpgsqlBatch"/> (one round trip, commit included: a stale append's statement changes nothing and raises
/// no error, so it is refused alone). It goes as one statement per kind of append (<see cref="PostgresGroupAppend"/>)
/// when each append has events and its own ticket, else as one statement per append. If a statement fails there (a
/// racing writer's key collision), nothing of it stands and the group is written again with each append inside its
/// own savepoint, so the failing append is rolled back alone and the others still commit. A caller's task completes only after the shared commit; if that commit (or
/// the connection) fails, every append of the group fails.
/// </summary>
internal sealed class PostgresGroupCommit
{
    /// <summary>The most appends one commit carries.</summary>
    public const int MaxBatch = 256;

    private readonly Channel<PendingAppend> _queue = Channel.CreateUnbounded<PendingAppend>(new UnboundedChannelOptions { SingleReader = true });
    private readonly NpgsqlDataSource _dataSource;
    private readonly Lazy<Task> _writer;

    public PostgresGroupCommit(NpgsqlDataSource dataSource)
    {
        _dataSource = dataSource;
        _writer = new Lazy<Task>(() => Task.Run(WriteLoop));
    }

    /// <summary>
    /// Queues an append. <paramref name="commands"/> builds the statements that write it (run after its
    /// savepoint, in one round trip); <paramref name="check"/> inspects them afterwards and throws to refuse the
    /// append; <paramref name="precheck"/>, if given, runs first on its own (for appends with nothing to insert).
    /// <paramref name="shared"/>, if given, is the same append for the group's shared statements
    /// (<see cref="PostgresGroupAppend"/>), used when every append of the group has one.
    /// </summary>
    public Task Run(
        Func<IReadOnlyList<NpgsqlBatchCommand>> commands,
        Action<IReadOnlyList<NpgsqlBatchCommand>> check,
        Func<NpgsqlConnection, NpgsqlTransaction, Task>? precheck,
        TicketAppend? shared = null)
    {
        var pending = new PendingAppend(commands, check, precheck, shared);
        _queue.Writer.TryWrite(pending);
        _ = _writer.Value;
        return pending.Completion;
    }

    private async Task WriteLoop()
    {
        var batch = new List<PendingAppend>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var next))
            {
                batch.Add(next);
            }
            var started = Stopwatch.GetTimestamp();
            try
            {
                await WriteGroup(batch);
            }
#pragma warning disable CA1031 // A failed group fails every caller in it, who each get the exception.
            catch (Exception e)
#pragma warning restore CA1031
            {
                foreach (var append in batch)
                {
                    append.Failure ??= e;
                    append.Fail();
                }
                continue;
            }
            SwitchboardMetrics.StorageCommitted(batch.Count, Stopwatch.GetElapsedTime(started));
            foreach (var append in batch)
            {
                append.Finish();
            }
        }
    }

    private async Task WriteGroup(List<PendingAppend> batch)
    {
        if (!batch.Exists(append => append.Precheck is not null)
            && (OneTicketEach(batch) ? await TryWriteShared(batch) : await TryWriteTogether(batch)))
        {
            return;
        }
        await WriteOneByOne(batch);
    }

    /// <summary>
    /// Whether every append of the group has its shared form and no two are for the same ticket. The shared
    /// statements check every log's end before any of their inserts, so two appends to one ticket (only ever from two
    /// writers racing) go the statement-per-append way, where each sees the one before it.
    /// </summary>
    private static bool OneTicketEach(List<PendingAppend> batch)
    {
        var tickets = new HashSet<(string, string)>(batch.Count);
        foreach (var append in batch)
        {
            if (append.Shared is not { } shared || !tickets.Add((shared.Tenant, shared.TicketId)))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>
    /// Writes and commits the group with one statement per kind of append (<see cref="PostgresGroupAppend"/>), in
    /// one round trip and one implicit transaction, as <see cref="TryWriteTogether"/>; false, with nothing written,
    /// when a statement failed. An append the statement did not return was stale and is refused alone.
    /// </summary>
    private async Task<bool> TryWriteShared(List<PendingAppend> batch)
    {
        var kinds = new[] { new List<PendingAppend>(), new List<PendingAppend>() };
        foreach (var append in batch)
        {
            kinds[append.Shared!.OnlyAdvances ? 1 : 0].Add(append);
        }
        await using var connection = await _dataSource.OpenConnectionAsync();
        await using var write = new NpgsqlBatch(connection);
        var sent = new List<List<PendingAppend>>(2);
        for (var kind = 0; kind < kinds.Length; kind++)
        {
            if (kinds[kind].Count > 0)
            {
                write.BatchCommands.Add(PostgresGroupAppend.Command(kinds[kind].ConvertAll(append => append.Shared!), onlyAdvances: kind == 1));
                sent.Add(kinds[kind]);
            }
        }
        var stored = new List<bool[]>(sent.Count);
        try
        {
            await using var reader = await write.ExecuteReaderAsync();
            foreach (var appends in sent)
            {
                var went = new bool[appends.Count];
                while (await reader.ReadAsync())
                {
                    went[reader.GetInt64(0) - 1] = true;
                }
                stored.Add(went);
                await reader.NextResultAsync();
            }
            // Read to the end, past the implicit commit: an error there fails the whole group, as any other.
            while (await reader.NextResultAsync())
            {
            }
        }
        catch (PostgresException)
        {
            // Nothing of the batch stands; the savepoints find which append failed.
            return false;
        }
        for (var i = 0; i < sent.Count; i++)
        {
            for (var j = 0; j < sent[i].Count; j++)
            {
                if (!stored[i][j])
                {
                    sent[i][j].Failure = sent[i][j].Shared!.Stale();
                }
            }
        }
        return true;
    }

    /// <summary>
    /// Writes and commits the group in one round trip; false, with nothing written, when a statement failed. A batch
    /// outside an explicit transaction runs as one implicit transaction that commits when its last statement is done
    /// (a failing statement rolls back the ones before it), so no BEGIN or COMMIT of its own is needed.
    /// </summary>
    private async Task<bool> TryWriteTogether(List<PendingAppend> batch)
    {
        await using var connection = await _dataSource.OpenConnectionAsync();
        await using var write = new NpgsqlBatch(connection);
        var commands = new IReadOnlyList<NpgsqlBatchCommand>[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            commands[i] = batch[i].Commands();
            foreach (var command in commands[i])
            {
                write.BatchCommands.Add(command);
            }
        }
        try
        {
            await write.ExecuteNonQueryAsync();
        }
        catch (PostgresException)
        {
            // Nothing of the batch stands; the savepoints find which append failed.
            return false;
        }
        for (var i = 0; i < batch.Count; i++)
        {
            try
            {
                batch[i].Check(commands[i]);
            }
            catch (LogConflictException e)
            {
                batch[i].Failure = e;
            }
        }
        return true;
    }

    private async Task WriteOneByOne(List<PendingAppend> batch)
    {
        await using var connection = await _dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        // The previous append's savepoint is released in the next round trip rather than in one of its own.
        var releasePending = false;
        for (var i = 0; i < batch.Count; i++)
        {
            var append = batch[i];
            // Each append has its own savepoint name: if the error came before this SAVEPOINT stood, the
            // ROLLBACK TO below fails (no such savepoint) and so does the whole group, rather than it undoing
            // the previous append.
            var savepoint = $"append_{i}";
            try
            {
                await using var write = new NpgsqlBatch(connection, transaction);
                if (releasePending)
                {
                    write.BatchCommands.Add(new NpgsqlBatchCommand($"RELEASE SAVEPOINT append_{i - 1}"));
                }
                write.BatchCommands.Add(new NpgsqlBatchCommand($"SAVEPOINT {savepoint}"));
                releasePending = false;
                if (append.Precheck is { } precheck)
                {
                    await write.ExecuteNonQueryAsync();
                    await precheck(connection, transaction);
                    write.BatchCommands.Clear();
                }
                var commands = append.Commands();
                foreach (var command in commands)
                {
                    write.BatchCommands.Add(command);
                }
                await write.ExecuteNonQueryAsync();
                append.Check(commands);
                releasePending = true;
            }
            catch (Exception e) when (e is LogConflictException or PostgresException)
            {
                // Only this append is undone; a failure here (a broken connection) fails the whole group.
                await using var undo = new NpgsqlBatch(connection, transaction)
                {
                    BatchCommands = { new NpgsqlBatchCommand($"ROLLBACK TO SAVEPOINT {savepoint}"), new NpgsqlBatchCommand($"RELEASE SAVEPOINT {savepoint}") },
                };
                await undo.ExecuteNonQueryAsync();
                append.Failure = e;
            }
        }
        await transaction.CommitAsync();
    }

    private sealed class PendingAppend(
        Func<IReadOnlyList<NpgsqlBatchCommand>> commands,
        Action<IReadOnlyList<NpgsqlBatchCommand>> check,
        Func<NpgsqlConnection, NpgsqlTransaction, Task>? precheck,
        TicketAppend? shared)
    {
        private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Completion => _completion.Task;

        public Func<IReadOnlyList<NpgsqlBatchCommand>> Commands => commands;

        public Action<IReadOnlyList<NpgsqlBatchCommand>> Check => check;

        public Func<NpgsqlConnection, NpgsqlTransaction, Task>? Precheck => precheck;

        public TicketAppend? Shared => shared;

        public Exception? Failure { get; set; }

        public void Finish()
        {
            if (Failure is null)
            {
                _completion.TrySetResult();
            }
            else
            {
                Fail();
            }
        }

        public void Fail() => _completion.TrySetException(Failure!);
    }
}
