namespace Switchboard.Silo.Storage;

/// <summary>Two writers appended to one ticket's log at the same position; the later one lost.</summary>
public sealed class LogConflictException : Exception
{
    public LogConflictException()
    {
    }

    public LogConflictException(string message)
        : base(message)
    {
    }

    public LogConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
