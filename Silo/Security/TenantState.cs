namespace Switchboard.Silo.Security;

[GenerateSerializer]
[Alias("switchboard.TenantState")]
public sealed class TenantState
{
    [Id(0)]
    public string? DisplayName { get; set; }

    [Id(1)]
    public List<string> KeyIds { get; set; } = [];
}
