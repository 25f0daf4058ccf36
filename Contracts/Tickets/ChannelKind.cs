namespace Switchboard.Contracts.Tickets;

[GenerateSerializer]
[Alias("switchboard.ChannelKind")]
public enum ChannelKind
{
    Chat = 1,
    Email = 2,
    Voice = 3,
    Sms = 4,
    Social = 5,
}
