using System.Data.Common;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Serialization;

namespace Switchboard.Gateway.Hosting;

/// <summary>"Switchboard:Storage": embedded SQLite on one host, or PostgreSQL shared by a cluster.</summary>
public sealed class StorageOptions
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";

    /// <summary><c>sqlite</c> (single host: localhost clustering, one SQLite file) or <c>postgres</c> (a cluster).</summary>
    public string Kind { get; set; } = Sqlite;

    /// <summary>The Npgsql connection string when <see cref="Kind"/> is <c>postgres</c>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// Statements Npgsql prepares on each connection once they have run <see cref="AutoPrepareMinUsages"/> times, unless
    /// the connection string says otherwise (<c>Max Auto Prepare=0</c> turns it off, e.g. behind a pooler in transaction
    /// mode). Switchboard and Orleans' ADO.NET providers run a few dozen statements over and over; prepared, PostgreSQL
    /// parses and plans each once per connection instead of on every run, and Npgsql sends less.
    /// </summary>
    public const int MaxAutoPrepare = 64;

    public const int AutoPrepareMinUsages = 2;

    /// <summary>
    /// Npgsql resets a pooled connection's session (<c>RESET ALL</c>, <c>CLOSE ALL</c>, <c>UNLISTEN *</c>, advisory locks,
    /// temporary tables and sequences) before its next use, unless the connection string says otherwise. Orleans' ADO.NET
    /// providers take a pooled connection for every statement, so that reset doubled the statements PostgreSQL ran, each
    /// parsed anew. Switchboard and those providers change no session state, so it is off unless the string sets
    /// <c>No Reset On Close</c> itself.
    /// </summary>
    public const bool NoResetOnClose = true;

    /// <summary>
    /// Whether a silo's grain-state and ticket-log connections use Npgsql multiplexing when the connection string leaves
    /// <c>Multiplexing</c> unset: no. The statements those connections carry most (a new ticket's reads, the appends)
    /// are batched by Switchboard itself (<c>PostgresBatchedRead</c>, <c>PostgresGroupCommit</c>), so multiplexing
    /// (experimental in Npgsql, with weaker command timeouts, and removed in Npgsql 11) no longer adds throughput: in
    /// alternated <c>pgingest</c> runs it made no difference (RESULTS.md). A string that sets <c>Multiplexing=true</c>
    /// still gets it.
    /// </summary>
    public const bool Multiplexing = false;

    /// <summary><see cref="ConnectionString"/> with Switchboard's defaults for what it leaves unset (see <see cref="Tuned"/>).</summary>
    public string? NpgsqlConnectionString => ConnectionString is null ? null : Tuned(ConnectionString);

    /// <summary>
    /// The connection string with automatic statement preparation on and no session reset between pooled uses, each unless
    /// it sets the option itself.
    /// </summary>
    public static string Tuned(string connectionString)
    {
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        var settings = new NpgsqlConnectionStringBuilder(connectionString);
        if (!given.ContainsKey("Max Auto Prepare") && !given.ContainsKey("MaxAutoPrepare"))
        {
            settings.MaxAutoPrepare = MaxAutoPrepare;
            if (!given.ContainsKey("Auto Prepare Min Usages") && !given.ContainsKey("AutoPrepareMinUsages"))
            {
                settings.AutoPrepareMinUsages = AutoPrepareMinUsages;
            }
        }
        if (!given.ContainsKey("No Reset On Close") && !given.ContainsKey("NoResetOnClose"))
        {
            settings.NoResetOnClose = NoResetOnClose;
        }
        return settings.ConnectionString;
    }

    /// <summary>
    /// The connection string for a silo's grain-state and ticket-log connections: <see cref="Tuned"/>, with
    /// <c>Multiplexing</c> as <see cref="Multiplexing"/> says unless the string sets it or turns pooling off.
    /// </summary>
    public static string Multiplexed(string connectionString)
    {
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        var settings = new NpgsqlConnectionStringBuilder(Tuned(connectionString));
        if (!given.ContainsKey("Multiplexing") && settings.Pooling)
        {
            settings.Multiplexing = Multiplexing;
        }
        return settings.ConnectionString;
    }

    public bool IsPostgres => string.Equals(Kind, Postgres, StringComparison.OrdinalIgnoreCase);

    public void Validate()
    {
        if (!string.Equals(Kind, Sqlite, StringComparison.OrdinalIgnoreCase) && !IsPostgres)
        {
            throw new InvalidOperationException(
                $"Switchboard:Storage:Kind is '{Kind}'; set it to '{Sqlite}' (single host) or '{Postgres}' (cluster).");
        }
        if (IsPostgres && string.IsNullOrWhiteSpace(ConnectionString))
        {
            throw new InvalidOperationException(
                "Switchboard:Storage:ConnectionString is missing; with Switchboard:Storage:Kind=postgres set it to an Npgsql connection string, "
                + "e.g. Host=127.0.0.1;Port=5432;Username=postgres;Database=switchboard.");
        }
    }
}

/// <summary>How database failures cross between silo and gateway.</summary>
public static class StorageExceptionSerialization
{
    /// <summary>
    /// Lets Orleans carry Npgsql's exceptions (a database failure a silo's store did not turn into a refusal of its own)
    /// to the gateway as what they are. Orleans serializes only exceptions of the Microsoft, System and Azure namespaces
    /// by default; any other failed to cross (a codec error), so the gateway could only answer UNKNOWN instead of
    /// UNAVAILABLE (send it again). Both ends need it.
    /// </summary>
    public static IServiceCollection AddDatabaseExceptionSerialization(this IServiceCollection services) =>
        services.Configure<ExceptionSerializationOptions>(options => options.SupportedNamespacePrefixes.Add("Npgsql"));
}
