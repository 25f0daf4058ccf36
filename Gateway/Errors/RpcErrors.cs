using System.Diagnostics.CodeAnalysis;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Switchboard.Contracts;
using Switchboard.Gateway.Cluster;

namespace Switchboard.Gateway.Errors;

/// <summary>The one place that turns refusals into gRPC statuses with a sentence a caller can act on.</summary>
public static class RpcErrors
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

    public static StatusCode CodeOf(SwitchboardError error) => error switch
    {
        SwitchboardError.InvalidArgument => StatusCode.InvalidArgument,
        SwitchboardError.NotFound => StatusCode.NotFound,
        SwitchboardError.FailedPrecondition => StatusCode.FailedPrecondition,
        SwitchboardError.PermissionDenied => StatusCode.PermissionDenied,
        SwitchboardError.ResourceExhausted => StatusCode.ResourceExhausted,
        SwitchboardError.AlreadyExists => StatusCode.AlreadyExists,
        SwitchboardError.Unavailable => StatusCode.Unavailable,
        _ => StatusCode.Unknown,
    };
}
