using System.Threading.Channels;
using Npgsql;

namespace Switchboard.Silo.Storage.Postgres;

/// <summary>
/// A read that many callers make at once (a new ticket's log, a customer's last agent, a grain's state), batched:
/// the reads waiting at one moment go to PostgreSQL as one statement over arrays, and each caller gets its own rows.
/// Under load this costs one statement per batch instead of one per read, in the silo and in PostgreSQL; when few
/// wait, a read goes at once on one of <see cref="InFlight"/> batches that may run together, so a slow batch (a long
/// log) does not hold the others up.
/// </summary>
/// <remarks>
/// The statement takes the batch's requests as arrays (<c>unnest ... WITH ORDINALITY</c>) and returns each row with its
/// request's ordinal (1-based) in its first column, rows of one request in the order the caller wants them. A failed
/// statement fails every read of its batch.
/// </remarks>
internal sealed class PostgresBatchedRead<TRequest, TRow>
{
    /// <summary>Batches that may be read at the same time.</summary>
    public const int InFlight = 4;

    /// <summary>The most reads one statement carries.</summary>
    public const int MaxBatch = 256;

    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    // One token per batch that may be in flight: a batch takes one and gives it back when read.
    private readonly Channel<byte> _slots = Channel.CreateBounded<byte>(InFlight);
    private readonly NpgsqlDataSource _dataSource;
    private readonly string _sql;
    private readonly Action<NpgsqlParameterCollection, IReadOnlyList<TRequest>> _parameters;
    private readonly Func<NpgsqlDataReader, TRow> _row;
    private readonly Lazy<Task> _reader;

    /// <param name="sql">The statement; its parameters are added by <paramref name="parameters"/> for each batch.</param>
    /// <param name="row">Reads one row's columns after the ordinal (column 0).</param>
    public PostgresBatchedRead(NpgsqlDataSource dataSource, string sql,
        Action<NpgsqlParameterCollection, IReadOnlyList<TRequest>> parameters, Func<NpgsqlDataReader, TRow> row)
    {
        (_dataSource, _sql, _parameters, _row) = (dataSource, sql, parameters, row);
        for (var i = 0; i < InFlight; i++)
        {
            _slots.Writer.TryWrite(0);
        }
        _reader = new Lazy<Task>(() => Task.Run(ReadLoop));
    }

    /// <summary>The rows for <paramref name="request"/>. Cancelling stops the wait, not the batch's statement.</summary>
    public Task<List<TRow>> Read(TRequest request, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var pending = new Pending(request);
        _queue.Writer.TryWrite(pending);
        _ = _reader.Value;
        return cancellationToken.CanBeCanceled ? pending.Rows.Task.WaitAsync(cancellationToken) : pending.Rows.Task;
    }

    private async Task ReadLoop()
    {
        while (await _queue.Reader.WaitToReadAsync())
        {
            await _slots.Reader.ReadAsync();
            var batch = new List<Pending>();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var next))
            {
                batch.Add(next);
            }
            if (batch.Count == 0)
            {
                _slots.Writer.TryWrite(0);
                continue;
            }
            _ = ReadBatch(batch);
        }
    }

    private async Task ReadBatch(List<Pending> batch)
    {
        try
        {
            await using var command = _dataSource.CreateCommand(_sql);
            _parameters(command.Parameters, batch.ConvertAll(pending => pending.Request));
            var rows = new List<TRow>?[batch.Count];
            await using (var reader = await command.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    (rows[reader.GetInt64(0) - 1] ??= []).Add(_row(reader));
                }
            }
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Rows.TrySetResult(rows[i] ?? []);
            }
        }
#pragma warning disable CA1031 // Every read of a failed batch gets its exception.
        catch (Exception e)
#pragma warning restore CA1031
        {
            foreach (var pending in batch)
            {
                pending.Rows.TrySetException(e);
            }
        }
        finally
        {
            _slots.Writer.TryWrite(0);
        }
    }

    private sealed class Pending(TRequest request)
    {
        public TRequest Request => request;

        public TaskCompletionSource<List<TRow>> Rows { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
