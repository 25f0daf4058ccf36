namespace Switchboard.Tests.Storage;

[GenerateSerializer, Alias("switchboard.tests.CounterState")]
public sealed class CounterState
{
    [Id(0)]
    public int Count { get; set; }

    [Id(1)]
    public string Label { get; set; } = "";
}
