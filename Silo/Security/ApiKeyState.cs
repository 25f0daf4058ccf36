using Switchboard.Contracts.Security;

namespace Switchboard.Silo.Security;

[GenerateSerializer]
[Alias("switchboard.ApiKeyState")]
public sealed class ApiKeyState
{
    [Id(0)]
    public ApiKeyRecord? Key { get; set; }
}
