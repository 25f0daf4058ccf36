using System.Text;

namespace Switchboard.Gateway.Validation;

/// <summary>Limits on message bodies, documented in the README.</summary>
public static class MessageRules
{
    /// <summary>The largest body accepted, in UTF-8 bytes (16 KiB).</summary>
    public const int MaxBodyBytes = 16 * 1024;

    public static string? CheckBody(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return "is empty; send the message text";
        }
        var bytes = Encoding.UTF8.GetByteCount(body);
        if (bytes > MaxBodyBytes)
        {
            return $"is {bytes} bytes; at most {MaxBodyBytes} bytes (UTF-8) are allowed";
        }
        foreach (var c in body)
        {
            if (char.IsControl(c) && c is not '\n' and not '\r' and not '\t')
            {
                return $"contains control character U+{(int)c:X4}";
            }
        }
        return null;
    }
}
