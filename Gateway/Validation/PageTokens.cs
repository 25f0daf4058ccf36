using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Switchboard.Gateway.Validation;

/// <summary>
/// Opaque page cursors: a position in a list (a log sequence or an index) wrapped so callers do not build
/// them by hand. Page sizes: 0 means the default, at most <see cref="MaxPageSize"/>.
/// </summary>
public static class PageTokens
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;
    private const string Prefix = "p1:";

    public static string Encode(long position) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(Prefix + position.ToString(CultureInfo.InvariantCulture)));

    /// <summary>The position in the token, or null when it is not one of ours.</summary>
    public static long? Decode(string token)
    {
        if (token.Length > 64)
        {
            return null;
        }
        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
            return text.StartsWith(Prefix, StringComparison.Ordinal)
                && long.TryParse(text.AsSpan(Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var position)
                ? position
                : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
