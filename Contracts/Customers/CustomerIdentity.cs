using Switchboard.Contracts.Tickets;

namespace Switchboard.Contracts.Customers;

/// <summary>How an address on a channel is written as a customer identity and a directory key: "{channel}:{address}".</summary>
public static class CustomerIdentity
{
    public static string Of(ChannelKind channel, string address) => channel switch
    {
        ChannelKind.Chat => "chat:",
        ChannelKind.Email => "email:",
        ChannelKind.Voice => "voice:",
        ChannelKind.Sms => "sms:",
        ChannelKind.Social => "social:",
        _ => channel.ToString().ToLowerInvariant() + ":",
    } + address;
}
