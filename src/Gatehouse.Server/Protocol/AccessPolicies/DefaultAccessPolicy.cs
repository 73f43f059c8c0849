using Gatehouse.Core.AuthorizationServers;

using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Gatehouse.Server.Protocol.AccessPolicies;

/// <summary>
/// The access policy Okta's <c>default</c> authorization server ships with ("Default Policy" for all clients, and
/// "Default Policy Rule": everyone, any scope, access tokens 60 min, refresh tokens unlimited with a 7-day idle
/// window — Okta's authorization-servers reference, rule object).
/// </summary>
internal static class DefaultAccessPolicy
{
    public static (AuthorizationServerPolicy Policy, AuthorizationServerPolicyRule Rule) Create(string authorizationServerId, DateTimeOffset now)
    {
        var policy = new AuthorizationServerPolicy
        {
            AuthorizationServerId = authorizationServerId,
            Name = "Default Policy",
            Description = "Default policy description",
            Priority = 1,
            ClientIds = [AuthorizationServerPolicy.AllClients],
            Created = now,
            LastUpdated = now,
        };
        var rule = new AuthorizationServerPolicyRule
        {
            PolicyId = policy.Id,
            Name = "Default Policy Rule",
            Priority = 1,
            GrantTypes = [GrantTypes.Implicit, GrantTypes.ClientCredentials, GrantTypes.AuthorizationCode, GrantTypes.Password],
            Scopes = [AuthorizationServerPolicyRule.AnyScope],
            GroupIds = [AuthorizationServerPolicyRule.Everyone],
            AccessTokenLifetimeMinutes = 60,
            RefreshTokenLifetimeMinutes = 0,
            RefreshTokenWindowMinutes = 10_080,
            Created = now,
            LastUpdated = now,
        };
        return (policy, rule);
    }
}
