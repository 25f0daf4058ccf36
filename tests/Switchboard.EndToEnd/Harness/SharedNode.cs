namespace Switchboard.EndToEnd.Harness;

/// <summary>One running node for a test class whose tests keep apart by tenant, so each need not pay for a start.</summary>
public sealed class SharedNode : IAsyncLifetime
{
    public SwitchboardNode Node { get; private set; } = null!;

    public async Task InitializeAsync() => Node = await SwitchboardNode.Start();

    public async Task DisposeAsync() => await Node.DisposeAsync();
}
