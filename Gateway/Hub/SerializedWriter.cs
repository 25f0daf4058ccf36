using Grpc.Core;

namespace Switchboard.Gateway.Hub;

/// <summary>A response stream allows one write at a time; this lets two producers share it.</summary>
public sealed class SerializedWriter<T>(IServerStreamWriter<T> inner) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task Write(T message, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await inner.WriteAsync(message, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();
}
