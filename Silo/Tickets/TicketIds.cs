using System.Security.Cryptography;

namespace Switchboard.Silo.Tickets;

/// <summary>Short random ids: unique enough per tenant, readable over the phone, safe in keys and URLs.</summary>
public static class TicketIds
{
    private const string Alphabet = "0123456789abcdefghjkmnpqrstvwxyz";

    public static string NewTicketId() => "t-" + Random(16);

    public static string NewCustomerId() => "c-" + Random(16);

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
