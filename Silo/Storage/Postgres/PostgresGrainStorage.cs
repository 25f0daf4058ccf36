using System.Globalization;
using System.Text;
using Npgsql;
using NpgsqlTypes;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace Switchboard.Silo.Storage.Postgres;

/// <summary>
/// Grain state in <c>orleans_grain_state</c> (deploy/sql/002): Orleans' ADO.NET provider writes and clears it, and
/// string-keyed grains' state is read here, by the provider's own key, hashes and serializer, the reads waiting at one
/// moment as one statement (<see cref="PostgresBatchedRead{TRequest, TRow}"/>) on the silo's shared data source.
/// </summary>
/// <remarks>
/// Each new conversation reads two records that are almost never there (its own and its customer's address). The
/// provider's read opens a connection by its connection string, binds seven named parameters Npgsql rewrites on every
/// call, and reads through its generic row selector: about twice this read's CPU in the silo (<c>grainread</c>
/// benchmark), where PostgreSQL spends a few microseconds executing either (see the benchmark results). Grains keyed by integer or GUID, and state names the provider would
/// reformat (generic type names), are read by the provider itself.
/// </remarks>
public sealed class PostgresGrainStorage : IGrainStorage
{
    // The provider's ReadFromStorageKey (deploy/sql/002), for many keys at once: $1 key hashes, $2 state-name hashes,
    // $3 state names, $4 keys (one element per read), $5 the service id.
    internal const string ReadStatement = """
        SELECT i.ord, s.payload, s.version
        FROM unnest($1::integer[], $2::integer[], $3::text[], $4::text[]) WITH ORDINALITY AS i (id_hash, type_hash, grain_type, grain_key, ord)
        JOIN orleans_grain_state s ON s.grain_id_hash = i.id_hash AND s.grain_type_hash = i.type_hash AND s.service_id = $5
            AND s.grain_type = i.grain_type AND s.grain_id_n0 = 0 AND s.grain_id_n1 = 0 AND s.grain_id_extension = i.grain_key
        """;

    private readonly AdoNetGrainStorage _provider;
    private readonly string _providerName;
    private readonly string _serviceId;
    private readonly IActivatorProvider _activators;
    private readonly PostgresBatchedRead<(int IdHash, int TypeHash, string StateName, string Key), (byte[]? Payload, int Version)> _reads;

    public PostgresGrainStorage(AdoNetGrainStorage provider, string providerName, string serviceId, NpgsqlDataSource dataSource, IActivatorProvider activators)
    {
        (_provider, _providerName, _serviceId, _activators) = (provider, providerName, serviceId, activators);
        _reads = new(dataSource, ReadStatement, (parameters, reads) =>
        {
            var (idHashes, typeHashes, names, keys) = (new int[reads.Count], new int[reads.Count], new string[reads.Count], new string[reads.Count]);
            for (var i = 0; i < reads.Count; i++)
            {
                (idHashes[i], typeHashes[i], names[i], keys[i]) = reads[i];
            }
            parameters.Add(new NpgsqlParameter<int[]> { TypedValue = idHashes, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer });
            parameters.Add(new NpgsqlParameter<int[]> { TypedValue = typeHashes, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer });
            parameters.Add(new NpgsqlParameter<string[]> { TypedValue = names, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            parameters.Add(new NpgsqlParameter<string[]> { TypedValue = keys, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            parameters.Add(new NpgsqlParameter<string> { TypedValue = serviceId, NpgsqlDbType = NpgsqlDbType.Text });
        }, reader => (reader.IsDBNull(1) ? null : reader.GetFieldValue<byte[]>(1), reader.GetInt32(2)));
    }

    /// <summary>The provider behind this one, which writes and clears.</summary>
    public AdoNetGrainStorage Provider => _provider;

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (!IsStringKeyed(grainId) || stateName.Contains('`', StringComparison.Ordinal))
        {
            await _provider.ReadStateAsync(stateName, grainId, grainState);
            return;
        }
        var key = grainId.Key.ToString()!;
        var hasher = _provider.HashPicker.PickHasher(_serviceId, _providerName, stateName, grainId, grainState)
            ?? throw new InvalidOperationException($"The grain storage picked no hasher for {stateName} of {grainId}.");
        var rows = await _reads.Read((hasher.Hash(KeyHashBytes(key)), hasher.Hash(Encoding.UTF8.GetBytes(stateName)), stateName, key));
        T? state = default;
        string? etag = null;
        var exists = false;
        if (rows is [var (payload, version), ..])
        {
            if (payload is not null)
            {
                state = _provider.Serializer.Deserialize<T>(new BinaryData(payload));
                exists = true;
            }
            etag = version.ToString(CultureInfo.InvariantCulture);
        }
        // As the provider: a missing or cleared record reads as a fresh state that does not exist, with the version (if
        // any) as its ETag.
        grainState.State = state ?? _activators.GetActivator<T>().Create();
        grainState.ETag = etag;
        grainState.RecordExists = exists;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        _provider.WriteStateAsync(stateName, grainId, grainState);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        _provider.ClearStateAsync(stateName, grainId, grainState);

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
