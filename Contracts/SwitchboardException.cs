namespace Switchboard.Contracts;

/// <summary>A refusal by the domain that changed nothing; the message is for the caller to act on.</summary>
[GenerateSerializer]
[Alias("switchboard.SwitchboardException")]
public sealed class SwitchboardException : Exception
{
    public SwitchboardException(SwitchboardError error, string message)
        : base(message) => Error = error;

    public SwitchboardException()
    {
    }

    public SwitchboardException(string message)
        : base(message)
    {
    }

    public SwitchboardException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    [Id(0)]
    public SwitchboardError Error { get; init; }

    /// <summary>For invalid arguments: the request field at fault, so the gateway can name it.</summary>
    [Id(1)]
    public string? Field { get; init; }

    public static SwitchboardException NotFound(string message) => new(SwitchboardError.NotFound, message);

    public static SwitchboardException Precondition(string message) => new(SwitchboardError.FailedPrecondition, message);

    public static SwitchboardException Denied(string message) => new(SwitchboardError.PermissionDenied, message);

    /// <summary>An invalid value the gateway could not check alone (it depends on the tenant's configuration).</summary>
    public static SwitchboardException Invalid(string field, string description) =>
        new(SwitchboardError.InvalidArgument, description) { Field = field };
}
