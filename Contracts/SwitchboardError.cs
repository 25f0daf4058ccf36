namespace Switchboard.Contracts;

/// <summary>What kind of refusal a domain error is; the gateway maps each to one gRPC status.</summary>
[GenerateSerializer]
[Alias("switchboard.SwitchboardError")]
public enum SwitchboardError
{
    InvalidArgument = 1,
    NotFound = 2,
    FailedPrecondition = 3,
    PermissionDenied = 4,
    ResourceExhausted = 5,
    AlreadyExists = 6,
}
