using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Switchboard.Contracts.Telemetry;

namespace Switchboard.Silo.Storage.Sqlite;

/// <summary>
/// Group commit: every write to the embedded database goes through one writer connection, which runs the
/// writes waiting at that moment in one transaction — each in its own savepoint, so one refused write
/// (an ETag or sequence conflict) does not undo the others — and syncs to disk once for all of them. Each
/// caller's task completes only after that commit, so nothing is acknowledged before it is durable.
/// </summary>
public sealed class SqliteGroupCommit
{
    /// <summary>The most writes one commit carries.</summary>
    public const int MaxBatch = 256;

    private readonly Channel<PendingWrite> _queue = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Func<Task<SqliteConnection>> _open;
    private readonly Lazy<Task> _writer;

    public SqliteGroupCommit(Func<Task<SqliteConnection>> open)
    {
        _open = open;
        _writer = new Lazy<Task>(() => Task.Run(WriteLoop));
    }

    /// <summary>Runs <paramref name="write"/> inside the next group's transaction; completes once that is on disk.</summary>
    public Task<T> Run<T>(Func<SqliteConnection, Task<T>> write)
    {
        var pending = new PendingWrite<T>(write);
        _queue.Writer.TryWrite(pending);
        _ = _writer.Value;
        return pending.Completion;
    }

    private async Task WriteLoop()
    {
        await using var connection = await _open();
        var batch = new List<PendingWrite>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var next))
            {
                batch.Add(next);
            }
            var started = Stopwatch.GetTimestamp();
            Execute(connection, "BEGIN IMMEDIATE");
            foreach (var write in batch)
            {
                Execute(connection, "SAVEPOINT write");
                try
                {
                    await write.Execute(connection);
                    Execute(connection, "RELEASE write");
                }
#pragma warning disable CA1031 // The write's own failure belongs to its caller, who gets it below.
                catch (Exception e)
#pragma warning restore CA1031
                {
                    Execute(connection, "ROLLBACK TO write");
                    Execute(connection, "RELEASE write");
                    write.Failure = e;
                }
            }
            try
            {
                Execute(connection, "COMMIT");
            }
            catch (SqliteException e)
            {
                RollBack(connection);
                foreach (var write in batch)
                {
                    write.Failure ??= e;
                    write.Fail();
                }
                continue;
            }
            SwitchboardMetrics.StorageCommitted(batch.Count, Stopwatch.GetElapsedTime(started));
            foreach (var write in batch)
            {
                write.Finish();
            }
        }
    }

    private static void RollBack(SqliteConnection connection)
    {
        try
        {
            Execute(connection, "ROLLBACK");
        }
        catch (SqliteException)
        {
            // A failed COMMIT may already have rolled back; nothing is left to undo.
        }
    }

    /// <summary>Runs a transaction statement; SQLite's own API runs it in place, with nothing to wait on.</summary>
    private static void Execute(SqliteConnection connection, string sql) => RawStatement.On(connection, sql).Run();

    private abstract class PendingWrite
    {
        public Exception? Failure { get; set; }

        public abstract Task Execute(SqliteConnection connection);

        public void Finish()
        {
            if (Failure is null)
            {
                Succeed();
            }
            else
            {
                Fail();
            }
        }

        public abstract void Succeed();

        public abstract void Fail();
    }

    private sealed class PendingWrite<T>(Func<SqliteConnection, Task<T>> write) : PendingWrite
    {
        private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? _result;

        public Task<T> Completion => _completion.Task;

        public override async Task Execute(SqliteConnection connection) => _result = await write(connection);

        public override void Succeed() => _completion.TrySetResult(_result!);

        public override void Fail() => _completion.TrySetException(Failure!);
    }
}
