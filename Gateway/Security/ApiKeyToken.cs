using System.Security.Cryptography;
using System.Text;

namespace Switchboard.Gateway.Security;

/// <summary>
/// API keys look like "sbk_{keyId}_{secret}": the key id finds the stored record, the secret is checked
/// against its SHA-256 hash, so a stolen database holds no usable key.
/// </summary>
public static class ApiKeyToken
{
    private const string Prefix = "sbk_";
    private const string KeyIdAlphabet = "abcdefghijkmnpqrstuvwxyz23456789";

    public static (string KeyId, string Secret, string Token) Generate()
    {
        Span<char> id = stackalloc char[12];
        for (var i = 0; i < id.Length; i++)
        {
            id[i] = KeyIdAlphabet[RandomNumberGenerator.GetInt32(KeyIdAlphabet.Length)];
        }
        var keyId = new string(id);
        var secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        return (keyId, secret, $"{Prefix}{keyId}_{secret}");
    }

    public static bool TryParse(string token, out string keyId, out string secret)
    {
        keyId = secret = "";
        if (!token.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }
        var rest = token[Prefix.Length..];
        var split = rest.IndexOf('_', StringComparison.Ordinal);
        if (split <= 0 || split == rest.Length - 1)
        {
            return false;
        }
        keyId = rest[..split];
        secret = rest[(split + 1)..];
        return keyId.All(KeyIdAlphabet.Contains) && secret.Length is >= 16 and <= 128;
    }

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    public static bool Matches(string secret, string storedHash) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(secret)), Encoding.ASCII.GetBytes(storedHash));
}
