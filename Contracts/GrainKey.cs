namespace Switchboard.Contracts;

/// <summary>Grain keys are "{tenant}/{id}": the tenant comes first so no grain is ever shared across tenants.</summary>
public static class GrainKey
{
    public static string For(string tenant, string id) => $"{tenant}/{id}";

    /// <summary>An adapter's conversation: "{tenant}/{adapterId}:{conversationId}" (see IConversationGrain).</summary>
    public static string ForConversation(string tenant, string adapterId, string conversationId) => For(tenant, $"{adapterId}:{conversationId}");

    public static (string Tenant, string Id) Parse(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0)
        {
            throw new ArgumentException($"Grain key '{key}' has no tenant part.", nameof(key));
        }
        return (key[..slash], key[(slash + 1)..]);
    }
}
