using System.Globalization;
using System.Text;
using Npgsql;
using NpgsqlTypes;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace Switchboard.Silo.Storage.Postgres;

/// <summary>
/// Grain state in <c>orleans_grain_state</c> (deploy/sql/002): Orleans' ADO.NET provider writes and clears it, and
/// string-keyed grains' state is read here, by the provider's own key, hashes and serializer, as one positional
/// statement on the silo's shared data source.
/// </summary>
/// <remarks>
/// Each new conversation reads two records that are almost never there (its own and its customer's address). The
/// provider's read opens a connection by its connection string, binds seven named parameters Npgsql rewrites on every
/// call, and reads through its generic row selector: about twice this read's CPU in the silo (<c>grainread</c>
/// benchmark), where PostgreSQL spends a few microseconds executing either (see the benchmark results). Grains keyed by integer or GUID, and state names the provider would
/// reformat (generic type names), are read by the provider itself.
/// </remarks>
public sealed class PostgresGrainStorage(
    AdoNetGrainStorage provider, string providerName, string serviceId, NpgsqlDataSource dataSource, IActivatorProvider activators) : IGrainStorage
{
    // The provider's ReadFromStorageKey (deploy/sql/002), with positional parameters.
    internal const string ReadStatement = """
        SELECT payload, version FROM orleans_grain_state
        WHERE grain_id_hash = $1 AND grain_type_hash = $2 AND service_id = $3 AND grain_type = $4
          AND grain_id_n0 = 0 AND grain_id_n1 = 0 AND grain_id_extension = $5
        """;

    /// <summary>The provider behind this one, which writes and clears.</summary>
    public AdoNetGrainStorage Provider => provider;

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (!IsStringKeyed(grainId) || stateName.Contains('`', StringComparison.Ordinal))
        {
            await provider.ReadStateAsync(stateName, grainId, grainState);
            return;
        }
        var key = grainId.Key.ToString()!;
        var hasher = provider.HashPicker.PickHasher(serviceId, providerName, stateName, grainId, grainState)
            ?? throw new InvalidOperationException($"The grain storage picked no hasher for {stateName} of {grainId}.");
        await using var command = dataSource.CreateCommand(ReadStatement);
        var parameters = command.Parameters;
        parameters.Add(new NpgsqlParameter<int> { TypedValue = hasher.Hash(KeyHashBytes(key)) });
        parameters.Add(new NpgsqlParameter<int> { TypedValue = hasher.Hash(Encoding.UTF8.GetBytes(stateName)) });
        parameters.Add(new NpgsqlParameter<string> { TypedValue = serviceId, NpgsqlDbType = NpgsqlDbType.Text });
        parameters.Add(new NpgsqlParameter<string> { TypedValue = stateName, NpgsqlDbType = NpgsqlDbType.Text });
        parameters.Add(new NpgsqlParameter<string> { TypedValue = key, NpgsqlDbType = NpgsqlDbType.Text });
        T? state = default;
        string? etag = null;
        var exists = false;
        await using (var reader = await command.ExecuteReaderAsync())
        {
            if (await reader.ReadAsync())
            {
                if (!reader.IsDBNull(0))
                {
                    state = provider.Serializer.Deserialize<T>(new BinaryData(reader.GetFieldValue<byte[]>(0)));
                    exists = true;
                }
                etag = reader.GetInt32(1).ToString(CultureInfo.InvariantCulture);
            }
        }
        // As the provider: a missing or cleared record reads as a fresh state that does not exist, with the version (if
        // any) as its ETag.
        grainState.State = state ?? activators.GetActivator<T>().Create();
        grainState.ETag = etag;
        grainState.RecordExists = exists;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        provider.WriteStateAsync(stateName, grainId, grainState);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        provider.ClearStateAsync(stateName, grainId, grainState);

    /// <summary>Whether the provider keys <paramref name="grainId"/> by its string alone (both numeric parts 0).</summary>
    private static bool IsStringKeyed(GrainId grainId) =>
        !grainId.TryGetGuidKey(out _, out _) && !grainId.TryGetIntegerKey(out _, out _);

    /// <summary>What the provider hashes for a string key: its UTF-8 bytes, reversed on little-endian machines.</summary>
    internal static byte[] KeyHashBytes(string key)
    {
        var bytes = Encoding.UTF8.GetBytes(key);
        if (BitConverter.IsLittleEndian)
        {
            Array.Reverse(bytes);
        }
        return bytes;
    }
}
