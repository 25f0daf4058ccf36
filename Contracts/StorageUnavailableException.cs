namespace Switchboard.Contracts;

/// <summary>
/// The database failed a read or a write (a grain's state, a ticket's log; out of connections, disk full, failing over): the call
/// was not carried out, a failed write was not stored, and the same call may be made again. The message is for the
/// caller to act on; the gateway answers it UNAVAILABLE.
/// </summary>
/// <remarks>
/// The database's own exception is kept as text only (<see cref="DatabaseError"/>): its type (an Npgsql exception,
/// say) has no codec, so it cannot cross from a silo to a gateway. An <see cref="OrleansException"/>, so Orleans
/// passes it on unwrapped and code that rides out the cluster's failures (health checks, the floor feed) rides out
/// this one too.
/// </remarks>
[GenerateSerializer]
[Alias("switchboard.StorageUnavailableException")]
public sealed class StorageUnavailableException : OrleansException
{
    public StorageUnavailableException(string message, string databaseError)
        : base(message) => DatabaseError = databaseError;

    public StorageUnavailableException()
    {
    }

    public StorageUnavailableException(string message)
        : base(message)
    {
    }

    public StorageUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>
    /// The refusal of a call the database failed: <paramref name="message"/> for the caller, and for operators the
    /// database's exception type and message, with <paramref name="operation"/> naming what it was doing.
    /// </summary>
    public static StorageUnavailableException Of(System.Data.Common.DbException failure, string message, string operation) =>
        new(message, $"{failure.GetType().Name} on {operation}: {failure.Message}");

    /// <summary>What the database said, for operators' logs: its exception type and message, and the state it was about.</summary>
    [Id(0)]
    public string DatabaseError { get; init; } = "";
}
