using System.Text.RegularExpressions;

namespace Switchboard.Gateway.Validation;

/// <summary>What ids look like. Each check returns null when fine, or why not.</summary>
public static partial class IdRules
{
    public const int MaxNameLength = 64;
    public const int MaxExternalIdLength = 256;

    /// <summary>Ids Switchboard names things by (tenants, agents, adapters, queues, tickets).</summary>
    public static string? CheckName(string value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "is required";
        }
        if (value.Length > MaxNameLength)
        {
            return $"is {value.Length} characters; at most {MaxNameLength} are allowed";
        }
        return NamePattern().IsMatch(value)
            ? null
            : "may hold only letters, digits, '.', '_' and '-', and must start with a letter or digit";
    }

    /// <summary>Ids and addresses that come from outside systems (conversation and message ids, addresses).</summary>
    public static string? CheckExternal(string value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "is required";
        }
        if (value.Length > MaxExternalIdLength)
        {
            return $"is {value.Length} characters; at most {MaxExternalIdLength} are allowed";
        }
        foreach (var c in value)
        {
            if (char.IsControl(c) || char.IsWhiteSpace(c))
            {
                return "may not contain spaces or control characters";
            }
        }
        return null;
    }

    public static bool IsLanguageTag(string value) => value.Length <= 35 && LanguagePattern().IsMatch(value);

    [GeneratedRegex(@"^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*\z")]
    private static partial Regex LanguagePattern();

    // \z, not $: "$" also matches before a trailing newline, which would let "alice\n" through.
    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]*\z")]
    private static partial Regex NamePattern();
}
