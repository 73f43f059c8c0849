using Gatehouse.Core.AuthorizationServers;
using Gatehouse.Core.Groups;
using Gatehouse.Server.Hosting.Caching;
using Gatehouse.Storage;

using Microsoft.EntityFrameworkCore;

namespace Gatehouse.Server.Protocol.AccessPolicies;

/// <summary>An authorization server's active policies in priority order, each with its active rules in priority order.</summary>
internal sealed record ServerPolicies(IReadOnlyList<(AuthorizationServerPolicy Policy, IReadOnlyList<AuthorizationServerPolicyRule> Rules)> Policies);

/// <summary>
/// Every token request evaluates its server's access policies; they change only when an admin edits them, so they
/// are read once per <see cref="ConfigurationVersion"/> instead of twice per request (docs/performance.md).
/// </summary>
internal sealed class AccessPolicyCache(ConfigurationVersion version)
{
    private readonly VersionedCache<string, ServerPolicies> _servers = new(version);
    private readonly VersionedCache<string, string[]> _builtInGroups = new(version);

    public ValueTask<ServerPolicies> GetAsync(GatehouseDbContext database, string authorizationServerId, CancellationToken cancellationToken) =>
        _servers.GetAsync(authorizationServerId, async (serverId, token) =>
        {
            var policies = await database.AuthorizationServerPolicies.AsNoTracking()
                .Where(policy => policy.AuthorizationServerId == serverId && policy.Active)
                .OrderBy(policy => policy.Priority)
                .ToListAsync(token);
            var policyIds = policies.Select(policy => policy.Id).ToList();
            var rules = (await database.AuthorizationServerPolicyRules.AsNoTracking()
                    .Where(rule => policyIds.Contains(rule.PolicyId) && rule.Active)
                    .ToListAsync(token))
                .ToLookup(rule => rule.PolicyId);
            return new ServerPolicies([.. policies.Select(policy =>
                (policy, (IReadOnlyList<AuthorizationServerPolicyRule>)[.. rules[policy.Id].OrderBy(rule => rule.Priority)]))]);
        }, cancellationToken);

    /// <summary>The Everyone group's id: every user is in it without a membership row.</summary>
    public ValueTask<string[]> BuiltInGroupIdsAsync(GatehouseDbContext database, CancellationToken cancellationToken) =>
        _builtInGroups.GetAsync(string.Empty, async (_, token) =>
            await database.Groups.Where(group => group.Type == GroupType.BuiltIn).Select(group => group.Id).ToArrayAsync(token), cancellationToken);
}
