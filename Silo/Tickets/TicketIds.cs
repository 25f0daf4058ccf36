using System.Security.Cryptography;

namespace Switchboard.Silo.Tickets;

/// <summary>Short random ids: unique enough per tenant, readable over the phone, safe in keys and URLs.</summary>
public static class TicketIds
{
    private const string Alphabet = "0123456789abcdefghjkmnpqrstvwxyz";

    public static string NewTicketId() => "t-" + Random(16);

    public static string NewCustomerId() => "c-" + Random(16);

    /// <summary>
    /// The customer an address resolves to when its directory entry has none stored: derived from the address, so
    /// the first contact needs no write to remember it. <paramref name="generation"/> counts the erasures of the
    /// address (stored by the directory), so an erased address starts a new customer.
    /// </summary>
    public static string DerivedCustomerId(string tenant, string identity, int generation) =>
        "c-" + Derived($"customer\n{tenant}\n{identity}\n{generation}");

    /// <summary>
    /// A conversation's first ticket: derived from the conversation, so opening it needs no write of the
    /// conversation's own. Follow-up tickets (after that one closed) are random and stored by the conversation.
    /// </summary>
    public static string DerivedTicketId(string tenant, string conversationKey) =>
        "t-" + Derived($"ticket\n{tenant}\n{conversationKey}");

    /// <summary>16 characters of the alphabet (80 bits) from a SHA-256 of the text: as unlikely to collide as a random id.</summary>
    private static string Derived(string text)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text), hash);
        Span<char> chars = stackalloc char[16];
        for (var i = 0; i < chars.Length; i++)
        {
            // Five bits per character, read across byte boundaries.
            var bit = i * 5;
            var pair = (hash[bit / 8] << 8) | hash[(bit / 8) + 1];
            chars[i] = Alphabet[(pair >> (11 - (bit % 8))) & 31];
        }
        return new string(chars);
    }

    private static string Random(int length)
    {
        Span<char> chars = stackalloc char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        }
        return new string(chars);
    }
}
