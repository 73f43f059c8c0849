using Gatehouse.Core.AuthorizationServers;
using Gatehouse.Server.Protocol.TokenClaims;
using Gatehouse.Storage;


namespace Gatehouse.Server.Protocol.AccessPolicies;

/// <summary>What a token request asks for, as the access policies see it.</summary>
/// <param name="GrantType">The grant the tokens come from (a refresh counts as its original grant).</param>
/// <param name="UserId">The user, or null for client credentials (no people condition applies then).</param>
internal sealed record AccessRequest(string AuthorizationServerId, string ClientId, string GrantType, IReadOnlyCollection<string> Scopes, string? UserId);

/// <summary>
/// Okta's access-policy evaluation for custom authorization servers: policies in priority order, the first active
/// one whose clients include the client; in it, rules in priority order, the first active one whose grant types,
/// scopes and people match. If a policy matches but none of its rules do, the next policy is tried (Okta: "the first
/// policy and rule that match the request are applied"); nothing matching means no token (<c>no_matching_policy</c>).
/// </summary>
internal sealed class AccessPolicyEvaluator(GatehouseDbContext database, AccessPolicyCache cache)
{
    public async Task<AuthorizationServerPolicyRule?> FindRuleAsync(AccessRequest request, CancellationToken cancellationToken)
    {
        var server = await cache.GetAsync(database, request.AuthorizationServerId, cancellationToken);
        var policies = server.Policies
            .Where(entry => entry.Policy.ClientIds.Contains(AuthorizationServerPolicy.AllClients) || entry.Policy.ClientIds.Contains(request.ClientId))
            .ToList();
        if (policies.Count == 0)
        {
            return null;
        }

        var groups = request.UserId is null ? null : await GroupsOfAsync(request.UserId, cancellationToken);
        return policies
            .SelectMany(entry => entry.Rules)
            .FirstOrDefault(rule => Matches(rule, request, groups));
    }

    private static bool Matches(AuthorizationServerPolicyRule rule, AccessRequest request, IReadOnlySet<string>? groups) =>
        rule.GrantTypes.Contains(request.GrantType)
        && (rule.Scopes.Contains(AuthorizationServerPolicyRule.AnyScope) || request.Scopes.All(rule.Scopes.Contains))
        // Client credentials have no user: Okta evaluates the people condition only when a user is involved.
        && (groups is null || rule.UserIds.Contains(request.UserId!) || rule.GroupIds.Any(groups.Contains));

    /// <summary>The user's group ids, with the Everyone group's id and Okta's <c>EVERYONE</c> alias.</summary>
    private async Task<IReadOnlySet<string>> GroupsOfAsync(string userId, CancellationToken cancellationToken)
    {
        var explicitGroups = await UserQueries.MemberGroupIdsAsync(database, userId, cancellationToken);
        var everyone = await cache.BuiltInGroupIdsAsync(database, cancellationToken);
        return new HashSet<string>([.. explicitGroups, .. everyone, AuthorizationServerPolicyRule.Everyone], StringComparer.Ordinal);
    }
}
