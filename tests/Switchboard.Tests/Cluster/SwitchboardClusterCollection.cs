namespace Switchboard.Tests.Cluster;

[CollectionDefinition(Name)]
public sealed class SwitchboardClusterCollection : ICollectionFixture<SwitchboardClusterFixture>
{
    public const string Name = "Switchboard cluster";
}
