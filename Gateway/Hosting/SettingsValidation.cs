using System.ComponentModel.DataAnnotations;

namespace Switchboard.Gateway.Hosting;

/// <summary>
/// Checks an options object's data annotations at once, for settings read while the host is being built
/// (ports, addresses), which are used before <c>ValidateOnStart</c> would look at them.
/// </summary>
public static class SettingsValidation
{
    /// <summary>Returns <paramref name="options"/>, or throws naming each bad "Section:Member" and its rule.</summary>
    public static T Validated<T>(T options, string section) where T : class
    {
        var failures = new List<ValidationResult>();
        if (Validator.TryValidateObject(options, new ValidationContext(options), failures, validateAllProperties: true))
        {
            return options;
        }
        throw new InvalidOperationException(string.Join(" ", failures.Select(failure =>
            $"{section}:{string.Join(", ", failure.MemberNames)}: {failure.ErrorMessage}")));
    }
}
