using System.Diagnostics.CodeAnalysis;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Switchboard.Contracts;

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
