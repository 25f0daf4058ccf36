namespace Switchboard.Gateway.Hosting;

/// <summary>The ADO.NET provider name the Orleans AdoNet providers load for PostgreSQL.</summary>
public static class AdoNetInvariant
{
    public const string Npgsql = "Npgsql";
}
