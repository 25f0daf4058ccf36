namespace Switchboard.Contracts.Security;

/// <summary>What a credential may do within its tenant.</summary>
[GenerateSerializer]
[Alias("switchboard.CallerRole")]
public enum CallerRole
{
    /// <summary>A channel adapter: ChannelService, for its own adapter id only.</summary>
    Adapter = 1,
    /// <summary>An agent: their own presence, offers and tickets.</summary>
    Agent = 2,
    /// <summary>Live figures and supervisor actions of the tenant.</summary>
    Supervisor = 3,
    /// <summary>The tenant's configuration, and everything the other roles may do.</summary>
    Admin = 4,
}
