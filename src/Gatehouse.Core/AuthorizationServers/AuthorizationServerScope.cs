namespace Gatehouse.Core.AuthorizationServers;

/// <summary>A custom scope declared on a custom authorization server (e.g. for client credentials).</summary>
public sealed class AuthorizationServerScope
{
    public required string AuthorizationServerId { get; set; }

    public required string Name { get; set; }

    public string? Description { get; set; }
}
