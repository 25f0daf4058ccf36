using System.Data.Common;
using Microsoft.Extensions.Logging;
using Orleans.Storage;
using Switchboard.Contracts;

namespace Switchboard.Silo.Storage;

/// <summary>
/// Grain state as grains see it, over the provider that stores it (SQLite on a single node, Orleans' ADO.NET provider
/// on PostgreSQL). A read or write the database fails reaches the caller as a <see cref="StorageUnavailableException"/>
/// (answered UNAVAILABLE: send it again), not as a database exception a gateway may not even be able to deserialize;
/// and a failed write drops the activation, whose memory already holds the change storage refused, so no later call
/// sees that change or stores it. An ETag conflict (<see cref="InconsistentStateException"/>) passes through as it is:
/// Orleans drops the activation itself, and the gateway answers it ABORTED.
/// </summary>
public sealed partial class GuardedGrainStorage(IGrainStorage provider, IGrainContextAccessor activations, ILogger<GuardedGrainStorage> logger) : IGrainStorage
{
    /// <summary>The provider that stores the state.</summary>
    public IGrainStorage Provider => provider;

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        try
        {
            await provider.ReadStateAsync(stateName, grainId, grainState);
        }
        catch (Exception e) when (DatabaseFailure(e) is { } failure)
        {
            // Read on activation, which then fails: there is no activation left to drop.
            throw Unavailable(failure, "read", stateName, grainId,
                $"Storage could not read the {stateName} record just now ({failure.GetType().Name}), so this call was not carried out. Send it again in a moment.");
        }
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        Change("write", stateName, grainId, () => provider.WriteStateAsync(stateName, grainId, grainState));

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        Change("clear", stateName, grainId, () => provider.ClearStateAsync(stateName, grainId, grainState));

    private async Task Change(string operation, string stateName, GrainId grainId, Func<Task> change)
    {
        var activation = activations.GrainContext;
        try
        {
            await change();
        }
        catch (Exception e) when (DatabaseFailure(e) is { } failure)
        {
            var unavailable = Unavailable(failure, operation, stateName, grainId,
                $"Storage could not record this change to the {stateName} record just now ({failure.GetType().Name}); it was not stored. Send it again in a moment.");
            if (activation?.GrainId == grainId)
            {
                // Calls waiting for this activation are refused with the same exception (Orleans does that with the
                // reason's exception), which crosses to any gateway; a write failing as the grain activates fails
                // that activation with it, instead of handing its calls to another activation that fails the same way.
                activation.Deactivate(new DeactivationReason(DeactivationReasonCode.ApplicationError, unavailable,
                    $"Storage failed to {operation} its state '{stateName}'; the next activation reads what was stored."));
            }
            throw unavailable;
        }
    }

    private StorageUnavailableException Unavailable(DbException failure, string operation, string stateName, GrainId grainId, string message)
    {
        LogFailed(logger, failure, operation, stateName, grainId);
        return StorageUnavailableException.Of(failure, message, $"{operation} of state '{stateName}' of {grainId}");
    }

    /// <summary>The database's exception behind a failure, or null when it is something else (an ETag conflict included).</summary>
    private static DbException? DatabaseFailure(Exception e)
    {
        if (e is InconsistentStateException)
        {
            return null;
        }
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is DbException failure)
            {
                return failure;
            }
        }
        return null;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Storage failed to {Operation} state {StateName} of {GrainId}; the call is refused as unavailable")]
    private static partial void LogFailed(ILogger logger, Exception failure, string operation, string stateName, GrainId grainId);
}
