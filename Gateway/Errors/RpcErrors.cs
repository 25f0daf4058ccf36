using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Orleans.Storage;
using Switchboard.Contracts;
using Switchboard.Gateway.Cluster;

namespace Switchboard.Gateway.Errors;

/// <summary>The one place that turns refusals into gRPC statuses with a sentence a caller can act on.</summary>
public static partial class RpcErrors
{
    [DoesNotReturn]
    public static void ThrowInvalid(string field, string description) => throw Invalid(field, description);

    /// <summary>InvalidArgument carrying a google.rpc.BadRequest that names the field.</summary>
    public static RpcException Invalid(string field, string description)
    {
        var status = new Google.Rpc.Status
        {
            Code = (int)Code.InvalidArgument,
            Message = $"{field}: {description}",
            Details =
            {
                Any.Pack(new BadRequest
                {
                    FieldViolations = { new BadRequest.Types.FieldViolation { Field = field, Description = description } },
                }),
            },
        };
        return status.ToRpcException();
    }

    public static RpcException From(SwitchboardException e) =>
        e.Field is { } field ? Invalid(field, e.Message) : new(new Grpc.Core.Status(CodeOf(e.Error), e.Message));

    /// <summary>
    /// Whether a grain call failed because the cluster lost it (a silo died, a message was rejected on the way, no
    /// answer within the response timeout), so the caller should try again rather than fix its request.
    /// </summary>
    public static bool IsClusterLoss(Exception e) => e is ClusterCallLostException or OrleansMessageRejectionException or TimeoutException;

    /// <summary>UNAVAILABLE for a call the cluster lost: it may or may not have been carried out.</summary>
    public static RpcException Unavailable(Exception loss) => new(new Grpc.Core.Status(StatusCode.Unavailable, loss switch
    {
        ClusterCallLostException => "A silo of the cluster died while handling this call; it may or may not have been carried out. Check its effect (read the ticket) and retry if it is missing.",
        TimeoutException => "The cluster did not answer this call in time; it may or may not have been carried out. Check its effect and retry if it is missing.",
        _ => "The cluster could not deliver this call (a silo is going away); retry it.",
    }));

    /// <summary>
    /// Whether a failed call is answered with a status of its own (<see cref="Answer"/>) rather than UNKNOWN: a
    /// refusal (<see cref="IsRefusal"/>) or a call the cluster lost (<see cref="IsClusterLoss"/>).
    /// </summary>
    public static bool IsAnswered(Exception e) => IsRefusal(e) || IsClusterLoss(e);

    /// <summary>
    /// Whether a call was refused as it stands and the caller can act on it: by the domain, by storage that failed
    /// under it (grain state, a ticket log; send it again), or because another writer stored a change to the same
    /// record first (send it again, to act on what is stored now).
    /// </summary>
    public static bool IsRefusal(Exception e) => e is SwitchboardException || StorageCause(e) is not null;

    /// <summary>
    /// The status for a failure <see cref="IsAnswered"/>. A failure of storage is logged here, naming the call and
    /// what the database said, since the caller is only told to send it again.
    /// </summary>
    public static RpcException Answer(Exception e, ILogger logger, string call)
    {
        if (e is SwitchboardException refusal)
        {
            return From(refusal);
        }
        if (StorageCause(e) is not { } cause)
        {
            return Unavailable(e);
        }
        var (code, message, failure) = cause switch
        {
            InconsistentStateException conflict => (StatusCode.Aborted,
                "Another change to the same record was stored first (two writers at once, as while the cluster moves a grain); this call's change was not stored. Send it again: it will act on what is stored now.",
                conflict.Message),
            StorageUnavailableException unavailable => (StatusCode.Unavailable, unavailable.Message, unavailable.DatabaseError),
            _ => (StatusCode.Unavailable,
                $"Storage could not be reached for this call just now ({cause.GetType().Name}), so it was not carried out. Send it again in a moment.",
                $"{cause.GetType().Name}: {cause.Message}"),
        };
        LogStorageRefusal(logger, call, code, failure);
        return new(new Grpc.Core.Status(code, message));
    }

    /// <summary>
    /// <see cref="Answer"/> as a status and the sentence a caller reads where no gRPC status detail is sent (an adapter
    /// stream's rejection, the web port's body): a domain refusal's own sentence, without the "field: " prefix a unary
    /// call's INVALID_ARGUMENT carries.
    /// </summary>
    public static (StatusCode Code, string Message) Refusal(Exception e, ILogger logger, string call)
    {
        var answer = Answer(e, logger, call);
        return (answer.StatusCode, e is SwitchboardException refusal ? refusal.Message : answer.Status.Detail);
    }

    /// <summary>
    /// What in a failure's chain of inner exceptions says storage refused the call: an ETag conflict, grain state the
    /// silo could not read or write, or a database exception that reached the gateway as it is (on a single node,
    /// where silo and gateway share a process); null when storage is not the cause. A conflict is looked for first:
    /// SQLite reports one as a constraint error, which is a database exception too.
    /// </summary>
    private static Exception? StorageCause(Exception e)
    {
        Exception? database = null;
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is InconsistentStateException or StorageUnavailableException)
            {
                return inner;
            }
            database ??= inner as DbException;
        }
        return database;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Call} answered {Status}: storage refused it: {Failure}")]
    private static partial void LogStorageRefusal(ILogger logger, string call, StatusCode status, string failure);

    public static StatusCode CodeOf(SwitchboardError error) => error switch
    {
        SwitchboardError.InvalidArgument => StatusCode.InvalidArgument,
        SwitchboardError.NotFound => StatusCode.NotFound,
        SwitchboardError.FailedPrecondition => StatusCode.FailedPrecondition,
        SwitchboardError.PermissionDenied => StatusCode.PermissionDenied,
        SwitchboardError.ResourceExhausted => StatusCode.ResourceExhausted,
        SwitchboardError.AlreadyExists => StatusCode.AlreadyExists,
        _ => StatusCode.Unknown,
    };
}
