using Gatehouse.Core.Identifiers;

namespace Gatehouse.Core.AuthorizationServers;

/// <summary>
/// An access policy of a custom authorization server (Okta's <c>OAUTH_AUTHORIZATION_POLICY</c>): which clients it
/// applies to and, in priority order, the rules that decide whether a token is issued and how long it lives.
/// </summary>
public sealed class AuthorizationServerPolicy
{
    public const string IdPrefix = "00p";

    /// <summary>The client condition that matches every client.</summary>
    public const string AllClients = "ALL_CLIENTS";

    public string Id { get; set; } = OktaId.New(IdPrefix);

    public required string AuthorizationServerId { get; set; }

    public required string Name { get; set; }

    public string? Description { get; set; }

    /// <summary>1 is evaluated first; the priorities of a server's policies are always 1..n.</summary>
    public int Priority { get; set; } = 1;

    public bool Active { get; set; } = true;

    /// <summary>Client ids, or <see cref="AllClients"/>.</summary>
    public List<string> ClientIds { get; set; } = [AllClients];

    public DateTimeOffset Created { get; set; }

    public DateTimeOffset LastUpdated { get; set; }
}
