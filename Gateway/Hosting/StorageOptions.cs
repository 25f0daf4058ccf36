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
