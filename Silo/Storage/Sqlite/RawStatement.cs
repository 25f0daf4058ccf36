using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Switchboard.Silo.Storage.Sqlite;

/// <summary>
/// A statement prepared once on a kept connection and run through SQLite's own API, for what every ticket runs several
/// times: its log's check, rows and index row, grain records written and read, its log read on activation, and the
/// group commit's savepoints. Each execution through Microsoft.Data.Sqlite allocates a data reader, a statement
/// enumerator, a binder per parameter and a UTF-8 copy of every text value; on those statements that was a tenth of a
/// busy node's allocations. Here text is bound from the string itself (SQLite copies it), times are formatted on the
/// stack, rows are read without a reader, and a write allocates nothing per run.
/// Parameters are positional (<c>?1</c>, <c>?2</c>, ...); bindings are cleared after every run. Only for a connection
/// one caller uses at a time (the writer, or a kept reader: see <see cref="SqliteDatabase.ReadAsync"/>).
/// </summary>
internal sealed class RawStatement
{
    private static readonly ConditionalWeakTable<SqliteConnection, Dictionary<string, RawStatement>> Cache = new();

    private readonly sqlite3 _database;
    private readonly sqlite3_stmt _statement;

    private RawStatement(sqlite3 database, sqlite3_stmt statement)
    {
        _database = database;
        _statement = statement;
    }

    /// <summary>The connection's statement for <paramref name="sql"/> (one statement), prepared on its first use.</summary>
    public static RawStatement On(SqliteConnection connection, string sql)
    {
        var statements = Cache.GetValue(connection, _ => new Dictionary<string, RawStatement>(StringComparer.Ordinal));
        if (statements.TryGetValue(sql, out var statement))
        {
            return statement;
        }
        var database = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
        var result = raw.sqlite3_prepare_v2(database, sql, out var prepared);
        if (result != raw.SQLITE_OK)
        {
            throw Failure(result, database);
        }
        statement = new RawStatement(database, prepared);
        statements[sql] = statement;
        return statement;
    }

    public RawStatement Text(int index, string? value) =>
        Bound(value is null ? raw.sqlite3_bind_null(_statement, index) : raw.sqlite3_bind_text16(_statement, index, value.AsSpan()));

    public RawStatement Integer(int index, long value) => Bound(raw.sqlite3_bind_int64(_statement, index, value));

    public RawStatement Integer(int index, long? value) =>
        Bound(value is { } number ? raw.sqlite3_bind_int64(_statement, index, number) : raw.sqlite3_bind_null(_statement, index));

    /// <summary>Binds the time as <see cref="SqliteTime"/> writes it, or NULL when there is none.</summary>
    public RawStatement Time(int index, DateTimeOffset? value)
    {
        if (value is not { } time)
        {
            return Bound(raw.sqlite3_bind_null(_statement, index));
        }
        Span<char> text = stackalloc char[SqliteTime.TextLength];
        if (!time.UtcDateTime.TryFormat(text, out var written, SqliteTime.Format, CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException($"The time {time:O} does not fit the stored format.");
        }
        return Bound(raw.sqlite3_bind_text16(_statement, index, text[..written]));
    }

    public RawStatement Blob(int index, ReadOnlySpan<byte> value) =>
        Bound(value.IsEmpty ? raw.sqlite3_bind_zeroblob(_statement, index, 0) : raw.sqlite3_bind_blob(_statement, index, value));

    /// <summary>Runs the statement to its end; the number of rows it changed.</summary>
    public int Run()
    {
        try
        {
            int result;
            do
            {
                result = raw.sqlite3_step(_statement);
            }
            while (result == raw.SQLITE_ROW);
            if (result != raw.SQLITE_DONE)
            {
                throw Failure(result, _database);
            }
            return raw.sqlite3_changes(_database);
        }
        finally
        {
            Reset();
        }
    }

    /// <summary>The first column of the first row as an integer; null when there is no row or the value is NULL.</summary>
    public long? ReadInteger()
    {
        try
        {
            var result = raw.sqlite3_step(_statement);
            if (result == raw.SQLITE_DONE)
            {
                return null;
            }
            if (result != raw.SQLITE_ROW)
            {
                throw Failure(result, _database);
            }
            return raw.sqlite3_column_type(_statement, 0) == raw.SQLITE_NULL ? null : raw.sqlite3_column_int64(_statement, 0);
        }
        finally
        {
            Reset();
        }
    }

    /// <summary>Runs the query; read its rows with <see cref="Rows.Next"/>, and dispose the rows to end it.</summary>
    public Rows Query() => new(this);

    /// <summary>The rows of a running query, read one at a time; disposing them readies the statement for its next run.</summary>
    public readonly struct Rows(RawStatement statement) : IDisposable
    {
        /// <summary>Moves to the next row; false when there is none left.</summary>
        public bool Next()
        {
            var result = raw.sqlite3_step(statement._statement);
            if (result is not (raw.SQLITE_ROW or raw.SQLITE_DONE))
            {
                throw Failure(result, statement._database);
            }
            return result == raw.SQLITE_ROW;
        }

        public long Integer(int column) => raw.sqlite3_column_int64(statement._statement, column);

        public string Text(int column) => raw.sqlite3_column_text(statement._statement, column).utf8_to_string();

        public byte[] Blob(int column) => raw.sqlite3_column_blob(statement._statement, column).ToArray();

        public void Dispose() => statement.Reset();
    }

    private void Reset()
    {
        // A failed step's code comes back from reset too; it was reported above.
        raw.sqlite3_reset(_statement);
        raw.sqlite3_clear_bindings(_statement);
    }

    private RawStatement Bound(int result)
    {
        if (result != raw.SQLITE_OK)
        {
            var failure = Failure(result, _database);
            Reset();
            throw failure;
        }
        return this;
    }

    /// <summary>
    /// The same exception Microsoft.Data.Sqlite raises: the primary result code (a constraint is 19 whatever the
    /// constraint), the extended code beside it, and SQLite's message.
    /// </summary>
    private static SqliteException Failure(int result, sqlite3 database) =>
        new($"SQLite Error {result & 0xFF}: '{raw.sqlite3_errmsg(database).utf8_to_string()}'.", result & 0xFF, raw.sqlite3_extended_errcode(database));
}
