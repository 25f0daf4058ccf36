namespace Switchboard.Contracts.Agents;

[GenerateSerializer]
[Alias("switchboard.Presence")]
public enum Presence
{
    Offline = 1,
    Available = 2,
    Away = 3,
}
