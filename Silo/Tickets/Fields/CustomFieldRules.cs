using System.Globalization;
using Switchboard.Contracts;
using Switchboard.Contracts.Tickets;

namespace Switchboard.Silo.Tickets.Fields;

/// <summary>Checks values against a tenant's field definitions, without Orleans.</summary>
public static class CustomFieldRules
{
    public const int MaxTextLength = 1024;

    /// <summary>
    /// Checks each value and returns them normalized (numbers in invariant form, checkboxes lower-case).
    /// Throws an invalid-argument refusal naming the first field at fault.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Normalize(
        IReadOnlyDictionary<string, string> values, IReadOnlyList<TicketFieldDefinition> definitions, string fieldPrefix)
    {
        var normalized = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (fieldId, value) in values)
        {
            var definition = definitions.FirstOrDefault(d => d.FieldId == fieldId);
            if (definition is null)
            {
                throw SwitchboardException.Invalid($"{fieldPrefix}[{fieldId}]",
                    $"no field '{fieldId}' is defined; define it with AdminService.UpsertTicketField");
            }
            if (value.Length == 0)
            {
                normalized[fieldId] = "";
                continue;
            }
            if (Check(definition, value, out var clean) is { } problem)
            {
                throw SwitchboardException.Invalid($"{fieldPrefix}[{fieldId}]", problem);
            }
            normalized[fieldId] = clean;
        }
        return normalized;
    }

    /// <summary>Why the value does not fit the field, or null with the value in its stored form.</summary>
    public static string? Check(TicketFieldDefinition definition, string value, out string normalized)
    {
        normalized = value;
        switch (definition.Kind)
        {
            case TicketFieldKind.Text:
                return value.Length > MaxTextLength ? $"is {value.Length} characters; a text field holds at most {MaxTextLength}" : null;
            case TicketFieldKind.Number:
                if (!decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out var number))
                {
                    return $"'{value}' is not a number; '{definition.DisplayName}' takes numbers like 42 or -3.5";
                }
                normalized = number.ToString(CultureInfo.InvariantCulture);
                return null;
            case TicketFieldKind.DropDown:
                return definition.Options.Contains(value, StringComparer.Ordinal)
                    ? null
                    : $"'{value}' is not an option of '{definition.DisplayName}'; choose one of: {string.Join(", ", definition.Options)}";
            case TicketFieldKind.Checkbox:
                if (!bool.TryParse(value, out var isChecked))
                {
                    return $"'{value}' is not a checkbox value; use \"true\" or \"false\"";
                }
                normalized = isChecked ? "true" : "false";
                return null;
            default:
                return $"field '{definition.FieldId}' has an unknown kind";
        }
    }
}
