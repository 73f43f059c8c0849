namespace Gatehouse.Core.AuthorizationServers;

/// <summary>
/// A custom authorization server (Okta's API Access Management): issuer <c>{origin}/oauth2/{Id}</c>, its own
/// keys, audience and scopes. The org authorization server (issuer = origin) is implicit and not stored.
/// </summary>
public sealed class AuthorizationServer
{
    public const string DefaultId = "default";

    public required string Id { get; set; }

    public required string Name { get; set; }

    public string? Description { get; set; }

    /// <summary>The <c>aud</c> of access tokens (Okta's default server: <c>api://default</c>).</summary>
    public required string Audience { get; set; }

    public DateTimeOffset Created { get; set; }

    /// <summary>
    /// Whether Okta's default access policy was given to this server once (the <c>default</c> server ships with it).
    /// Policies an admin deletes later are not recreated.
    /// </summary>
    public bool DefaultPolicyCreated { get; set; }
}
