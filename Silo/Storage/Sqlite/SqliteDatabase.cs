using Microsoft.Data.Sqlite;

namespace Switchboard.Silo.Storage.Sqlite;

/// <summary>
/// The single-node embedded database: one SQLite file holding grain state, reminders and ticket logs.
/// Opens connections with the pragmas every caller needs and creates the schema once.
/// </summary>
public sealed class SqliteDatabase
{
    private readonly string _connectionString;

    public SqliteDatabase(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        var directory = System.IO.Path.GetDirectoryName(Path);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        EnsureSchema();
        _writes = new SqliteGroupCommit(() => OpenAsync());
    }

    private readonly SqliteGroupCommit _writes;

    /// <summary>Runs a write in the next group commit; see <see cref="SqliteGroupCommit"/>.</summary>
    public Task<T> WriteAsync<T>(Func<SqliteConnection, Task<T>> write) => _writes.Run(write);

    public Task WriteAsync(Func<SqliteConnection, Task> write) => _writes.Run(async connection =>
    {
        await write(connection);
        return true;
    });

    public string Path { get; }

    /// <summary>Connections kept open for <see cref="ReadAsync"/>; reads beyond this many wait for one.</summary>
    private static readonly int MaxReaders = Math.Max(4, Environment.ProcessorCount * 2);

    /// <summary>One entry per reader slot: a kept connection, or null until the slot first needs one.</summary>
    private readonly System.Threading.Channels.Channel<SqliteConnection?> _readers = NewReaderSlots();

    /// <summary>
    /// Runs a read on one of a few connections kept open, so its commands stay prepared (see
    /// <see cref="PreparedCommands"/>): every grain activation reads its record, and opening a pooled connection and
    /// preparing the statement each time cost more than the read. A connection whose read failed is closed, not reused.
    /// </summary>
    public async Task<T> ReadAsync<T>(Func<SqliteConnection, Task<T>> read, CancellationToken cancellationToken = default)
    {
        var connection = await _readers.Reader.ReadAsync(cancellationToken);
        try
        {
            connection ??= await OpenAsync(cancellationToken);
            var result = await read(connection);
            _readers.Writer.TryWrite(connection);
            return result;
        }
        catch
        {
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }
            _readers.Writer.TryWrite(null);
            throw;
        }
    }

    private static System.Threading.Channels.Channel<SqliteConnection?> NewReaderSlots()
    {
        var slots = System.Threading.Channels.Channel.CreateBounded<SqliteConnection?>(MaxReaders);
        for (var i = 0; i < MaxReaders; i++)
        {
            slots.Writer.TryWrite(null);
        }
        return slots;
    }

    /// <summary>
    /// SQLite handles the pool has opened and this class has configured. The pragmas below belong to the handle, which
    /// the pool keeps open between uses, so each handle needs them once, not on every open (every grain state read).
    /// </summary>
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<SQLitePCL.sqlite3, object> _configured = new();

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        if (connection.Handle is { } handle && _configured.TryGetValue(handle, out _))
        {
            return connection;
        }
        using var pragma = connection.CreateCommand();
        // FULL: a commit is on disk before it returns, so an acknowledged message survives a power cut.
        pragma.CommandText = "PRAGMA synchronous=FULL; PRAGMA busy_timeout=30000; PRAGMA foreign_keys=ON;";
        await pragma.ExecuteNonQueryAsync(cancellationToken);
        if (connection.Handle is { } configured)
        {
            _configured.AddOrUpdate(configured, this);
        }
        return connection;
    }

    private void EnsureSchema()
    {
        using var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using (var wal = connection.CreateCommand())
        {
            wal.CommandText = "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=30000;";
            wal.ExecuteNonQuery();
        }
        // One writer at a time (BEGIN IMMEDIATE): several silos opening one file must not both migrate it.
        using var transaction = connection.BeginTransaction(deferred: false);
        using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = Schema;
            command.ExecuteNonQuery();
        }
        using (var version = connection.CreateCommand())
        {
            version.Transaction = transaction;
            version.CommandText = "SELECT MAX(version) FROM schema_version";
            var current = (long)version.ExecuteScalar()!;
            foreach (var (to, migration) in new[] { (2L, MigrationTo2), (3L, MigrationTo3), (4L, MigrationTo4), (5L, MigrationTo5), (6L, MigrationTo6), (7L, MigrationTo7), (8L, MigrationTo8), (9L, MigrationTo9) })
            {
                if (current < to)
                {
                    using var migrate = connection.CreateCommand();
                    migrate.Transaction = transaction;
                    migrate.CommandText = migration;
                    migrate.ExecuteNonQuery();
                }
            }
        }
        transaction.Commit();
    }

    // Version 2: the routing facts a rebuilt queue needs.
    private const string MigrationTo2 = """
        ALTER TABLE tickets ADD COLUMN language TEXT;
        ALTER TABLE tickets ADD COLUMN preferred_agent TEXT;
        ALTER TABLE tickets ADD COLUMN target_agent TEXT;
        INSERT INTO schema_version (version, applied_at) VALUES (2, datetime('now'));
        """;

    // Version 3: the next SLA due time, for queues ordered by nearest SLA breach (deploy/sql/007).
    private const string MigrationTo3 = """
        ALTER TABLE tickets ADD COLUMN sla_due_at TEXT;
        INSERT INTO schema_version (version, applied_at) VALUES (3, datetime('now'));
        """;

    // Version 4: an agent rebuilding its open tickets looks them up by assignee (deploy/sql/008).
    private const string MigrationTo4 = """
        CREATE INDEX IF NOT EXISTS tickets_by_assignee ON tickets (tenant, assignee) WHERE assignee IS NOT NULL;
        INSERT INTO schema_version (version, applied_at) VALUES (4, datetime('now'));
        """;

    // Version 5: which wait a waiting ticket is in, so a rebuilt queue names offers as the ticket does (deploy/sql/009).
    private const string MigrationTo5 = """
        ALTER TABLE tickets ADD COLUMN wait_sequence INTEGER;
        INSERT INTO schema_version (version, applied_at) VALUES (5, datetime('now'));
        """;

    // Version 6: a customer's ticket history is read from the index by customer, not kept in the customer's record
    // (deploy/sql/010).
    private const string MigrationTo6 = """
        CREATE INDEX IF NOT EXISTS tickets_by_customer ON tickets (tenant, customer_id);
        INSERT INTO schema_version (version, applied_at) VALUES (6, datetime('now'));
        """;

    // Version 7: an adapter's outbound deliveries one row each, not rewritten whole in its outbox's record on every
    // message (deploy/sql/011).
    private const string MigrationTo7 = """
        CREATE TABLE IF NOT EXISTS outbox_deliveries (
            tenant            TEXT NOT NULL,
            adapter_id        TEXT NOT NULL,
            delivery_sequence INTEGER NOT NULL,
            payload           BLOB NOT NULL,
            PRIMARY KEY (tenant, adapter_id, delivery_sequence)) WITHOUT ROWID;
        INSERT INTO schema_version (version, applied_at) VALUES (7, datetime('now'));
        """;

    // Version 8: a customer's identities, name and preferred agent are read from their tickets' index rows, not kept in
    // the customer's own record (deploy/sql/012). Rows already written get the address their ticket was opened from and
    // their assignee; their names stay where they were (customers' records written before).
    private const string MigrationTo8 = """
        ALTER TABLE tickets ADD COLUMN customer_identity TEXT;
        ALTER TABLE tickets ADD COLUMN customer_name TEXT;
        ALTER TABLE tickets ADD COLUMN last_agent TEXT;
        ALTER TABLE tickets ADD COLUMN last_assigned_at TEXT;
        UPDATE tickets SET last_agent = assignee, last_assigned_at = updated_at WHERE assignee IS NOT NULL;
        UPDATE tickets SET customer_identity = (
            SELECT lower(tickets.channel) || ':' || json_extract(e.payload, '$.customerAddress') FROM ticket_events e
            WHERE e.tenant = tickets.tenant AND e.ticket_id = tickets.ticket_id AND e.sequence = 1 AND e.kind = 'opened'
              AND json_extract(e.payload, '$.customerAddress') <> '[erased]');
        INSERT INTO schema_version (version, applied_at) VALUES (8, datetime('now'));
        """;

    // Version 9: while a ticket is solved, when; the tenant's sweeper closes those solved longer ago than the auto-close
    // time, instead of one reminder per solved ticket (deploy/sql/013). Tickets solved before keep their reminders.
    private const string MigrationTo9 = """
        ALTER TABLE tickets ADD COLUMN solved_at TEXT;
        CREATE INDEX IF NOT EXISTS tickets_solved ON tickets (tenant, solved_at) WHERE solved_at IS NOT NULL;
        INSERT INTO schema_version (version, applied_at) VALUES (9, datetime('now'));
        """;

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL PRIMARY KEY, applied_at TEXT NOT NULL);
        INSERT OR IGNORE INTO schema_version (version, applied_at) VALUES (1, datetime('now'));

        CREATE TABLE IF NOT EXISTS grain_state (
            grain_type TEXT NOT NULL,
            grain_id   TEXT NOT NULL,
            state_name TEXT NOT NULL,
            etag       TEXT NOT NULL,
            payload    BLOB NOT NULL,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (grain_type, grain_id, state_name));

        CREATE TABLE IF NOT EXISTS reminders (
            service_id   TEXT NOT NULL,
            grain_id     TEXT NOT NULL,
            reminder     TEXT NOT NULL,
            grain_hash   INTEGER NOT NULL,
            start_time   TEXT NOT NULL,
            period_ms    INTEGER NOT NULL,
            etag         TEXT NOT NULL,
            PRIMARY KEY (service_id, grain_id, reminder));
        CREATE INDEX IF NOT EXISTS reminders_by_hash ON reminders (service_id, grain_hash);

        CREATE TABLE IF NOT EXISTS ticket_events (
            tenant      TEXT NOT NULL,
            ticket_id   TEXT NOT NULL,
            sequence    INTEGER NOT NULL,
            kind        TEXT NOT NULL,
            occurred_at TEXT NOT NULL,
            payload     TEXT NOT NULL,
            PRIMARY KEY (tenant, ticket_id, sequence)) WITHOUT ROWID;
        -- Reports find the tickets that had something happen in a time range.
        CREATE INDEX IF NOT EXISTS ticket_events_by_time ON ticket_events (tenant, occurred_at);

        CREATE TABLE IF NOT EXISTS tickets (
            tenant        TEXT NOT NULL,
            ticket_id     TEXT NOT NULL,
            status        TEXT NOT NULL,
            channel       TEXT NOT NULL,
            customer_id   TEXT NOT NULL,
            queue_id      TEXT NOT NULL,
            assignee      TEXT,
            waiting_since TEXT,
            priority      INTEGER NOT NULL,
            preview       TEXT NOT NULL,
            last_sequence INTEGER NOT NULL,
            updated_at    TEXT NOT NULL,
            PRIMARY KEY (tenant, ticket_id));
        CREATE INDEX IF NOT EXISTS tickets_waiting ON tickets (tenant, queue_id, waiting_since) WHERE waiting_since IS NOT NULL;
        """;
}
