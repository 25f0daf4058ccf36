using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Switchboard.Gateway.Hosting;

/// <summary>
/// With PostgreSQL storage, connects once before anything else starts, so a server that is down, a wrong port,
/// a refused login or a missing database stops the process at once with what to fix, instead of Orleans
/// retrying its membership table for a minute and failing with a provider error.
/// </summary>
public sealed class PostgresReachabilityCheck(StorageOptions storage) : IHostedService
{
    /// <summary>How long the check waits for the server before calling it unreachable.</summary>
    private const int TimeoutSeconds = 5;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = new NpgsqlConnectionStringBuilder(storage.ConnectionString) { Timeout = TimeoutSeconds, Pooling = false, Multiplexing = false };
        var where = $"{settings.Host ?? "localhost"}:{settings.Port}";
        try
        {
            await using var connection = new NpgsqlConnection(settings.ConnectionString);
            await connection.OpenAsync(cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InvalidCatalogName)
        {
            throw new InvalidOperationException(
                $"PostgreSQL at {where} has no database '{settings.Database}' (Switchboard:Storage:ConnectionString). "
                + "Create it and apply the schema with deploy/apply-schema.sh, or fix Database in the connection string.", e);
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification)
        {
            throw new InvalidOperationException(
                $"PostgreSQL at {where} refused the login of user '{settings.Username}': {e.MessageText}. "
                + "Fix Username/Password in Switchboard:Storage:ConnectionString.", e);
        }
        catch (NpgsqlException e)
        {
            throw new InvalidOperationException(
                $"Cannot reach PostgreSQL at {where} (Switchboard:Storage:ConnectionString): {e.InnerException?.Message ?? e.Message}. "
                + "Start the server, or fix Host and Port in the connection string.", e);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

public static class PostgresReachabilityExtensions
{
    /// <summary>Registers the check when storage is PostgreSQL; call it before Orleans so it starts first.</summary>
    public static IServiceCollection AddPostgresReachabilityCheck(this IServiceCollection services, StorageOptions storage)
    {
        if (storage.IsPostgres)
        {
            services.AddHostedService(_ => new PostgresReachabilityCheck(storage));
        }
        return services;
    }
}
