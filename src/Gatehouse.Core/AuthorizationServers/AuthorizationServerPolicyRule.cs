using Gatehouse.Core.Identifiers;

namespace Gatehouse.Core.AuthorizationServers;

/// <summary>
/// A rule of an access policy (Okta's <c>RESOURCE_ACCESS</c>): the grant types, scopes and people it matches and
/// the lifetimes of the tokens it grants.
/// </summary>
public sealed class AuthorizationServerPolicyRule
{
    public const string IdPrefix = "0pr";

    /// <summary>The scope condition that matches any scopes.</summary>
    public const string AnyScope = "*";

    /// <summary>Okta's alias of the built-in Everyone group in <c>people.groups.include</c>.</summary>
    public const string Everyone = "EVERYONE";

    public string Id { get; set; } = OktaId.New(IdPrefix);

    public required string PolicyId { get; set; }

    public required string Name { get; set; }

    /// <summary>1 is evaluated first; the priorities of a policy's rules are always 1..n.</summary>
    public int Priority { get; set; } = 1;

    public bool Active { get; set; } = true;

    public List<string> GrantTypes { get; set; } = [];

    /// <summary>Scope names, or <see cref="AnyScope"/>.</summary>
    public List<string> Scopes { get; set; } = [AnyScope];

    /// <summary>Group ids (or <see cref="Everyone"/>) whose members the rule applies to.</summary>
    public List<string> GroupIds { get; set; } = [];

    /// <summary>User ids the rule applies to, in addition to the groups' members.</summary>
    public List<string> UserIds { get; set; } = [];

    public int AccessTokenLifetimeMinutes { get; set; } = 60;

    /// <summary>How long a chain of refresh tokens lives from the first one; 0 = unlimited (Okta's default).</summary>
    public int RefreshTokenLifetimeMinutes { get; set; }

    /// <summary>How long each refresh token lives unused (Okta's idle window; default 7 days).</summary>
    public int RefreshTokenWindowMinutes { get; set; } = 10_080;

    public DateTimeOffset Created { get; set; }

    public DateTimeOffset LastUpdated { get; set; }
}
