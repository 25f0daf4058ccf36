using Switchboard.Contracts.Supervision;
using Switchboard.Gateway.Hub;

namespace Switchboard.Gateway.Supervision;

/// <summary>One viewer of a tenant's floor in this process: read its updates, dispose it to leave.</summary>
public sealed class FloorViewer : IAsyncDisposable
{
    private readonly FloorHub _hub;
    private readonly StreamMailbox<FloorUpdate> _mailbox;

    internal FloorViewer(FloorHub hub, string tenant, StreamMailbox<FloorUpdate> mailbox)
    {
        _hub = hub;
        Tenant = tenant;
        _mailbox = mailbox;
    }

    public string Tenant { get; }

    /// <summary>The whole floor first, then deltas (and a whole floor again after a resync).</summary>
    public IAsyncEnumerable<FloorUpdate> Updates(CancellationToken cancellationToken) => _mailbox.Reader.ReadAllAsync(cancellationToken);

    /// <summary>True once the viewer fell too far behind and was cut off.</summary>
    public bool Overflowed => _mailbox.Overflowed;

    public ValueTask DisposeAsync() => new(_hub.Leave(Tenant, _mailbox));
}
