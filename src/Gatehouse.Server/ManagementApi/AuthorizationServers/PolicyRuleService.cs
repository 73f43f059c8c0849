using Gatehouse.Core.AuthorizationServers;
using Gatehouse.Server.Protocol.AccessPolicies;
using Gatehouse.Storage;

using Microsoft.EntityFrameworkCore;

namespace Gatehouse.Server.ManagementApi.AuthorizationServers;

/// <summary>
/// The rules for creating and replacing an access policy's rules, shared by <c>/api/v1/…/policies/{id}/rules</c> and the
/// admin console (one code path per rule): <see cref="PolicyValidation"/>, Okta's priorities, then a reload of
/// <see cref="LongestTokenLifetimes"/>. Failures are Okta causes (<c>field: message</c>); nothing is saved then.
/// </summary>
internal sealed class PolicyRuleService(GatehouseDbContext database, PolicyValidation validation, LongestTokenLifetimes lifetimes, TimeProvider clock)
{
    public async Task<(AuthorizationServerPolicyRule Rule, List<string> Causes)> CreateAsync(
        string authorizationServerId, string policyId, RuleBody body, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var rule = new AuthorizationServerPolicyRule { PolicyId = policyId, Name = body.Name?.Trim() ?? string.Empty, Created = now };
        var causes = await validation.ValidateAsync(body, authorizationServerId, cancellationToken);
        if (causes.Count == 0)
        {
            database.AuthorizationServerPolicyRules.Add(rule);
            await ApplyAsync(rule, body, now, cancellationToken);
        }

        return (rule, causes);
    }

    /// <summary>Okta's <c>PUT</c> replaces the rule; a priority left out keeps its place.</summary>
    public async Task<List<string>> ReplaceAsync(
        string authorizationServerId, AuthorizationServerPolicyRule rule, RuleBody body, CancellationToken cancellationToken)
    {
        var causes = await validation.ValidateAsync(body, authorizationServerId, cancellationToken);
        if (causes.Count == 0)
        {
            await ApplyAsync(rule, body with { Priority = body.Priority ?? rule.Priority }, clock.GetUtcNow(), cancellationToken);
        }

        return causes;
    }

    /// <summary>The rule as Okta's <c>PUT</c> body, with other token lifetimes: what the console's lifetime form saves.</summary>
    public static RuleBody WithLifetimes(AuthorizationServerPolicyRule rule, int? access, int? refresh, int? window) => new(
        PolicyResource.RuleType,
        rule.Name,
        rule.Priority,
        rule.Active ? "ACTIVE" : "INACTIVE",
        new RuleConditionsBody(
            new IncludeBody([.. rule.GrantTypes]),
            new IncludeBody([.. rule.Scopes]),
            new PeopleBody(new IncludeBody([.. rule.GroupIds]), new IncludeBody([.. rule.UserIds]))),
        new RuleActionsBody(new TokenActionsBody(access, refresh, window)));

    private async Task ApplyAsync(AuthorizationServerPolicyRule rule, RuleBody body, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var (access, refresh, window) = PolicyValidation.Lifetimes(body);
        rule.Name = body.Name!.Trim();
        rule.Active = body.Status is not "INACTIVE";
        rule.GrantTypes = [.. body.Conditions!.GrantTypes!.Include!.Distinct(StringComparer.Ordinal)];
        rule.Scopes = [.. body.Conditions.Scopes!.Include!.Distinct(StringComparer.Ordinal)];
        rule.GroupIds = PolicyValidation.GroupsOf(body);
        rule.UserIds = [.. body.Conditions.People?.Users?.Include?.Distinct(StringComparer.Ordinal) ?? []];
        rule.AccessTokenLifetimeMinutes = access;
        rule.RefreshTokenLifetimeMinutes = refresh;
        rule.RefreshTokenWindowMinutes = window;
        rule.LastUpdated = now;
        var siblings = await database.AuthorizationServerPolicyRules.Where(other => other.PolicyId == rule.PolicyId && other.Id != rule.Id).ToListAsync(cancellationToken);
        Priorities.Place(siblings, rule, body.Priority, other => other.Priority, (other, priority) => other.Priority = priority);
        await database.SaveChangesAsync(cancellationToken);
        await lifetimes.ReloadAsync(cancellationToken);
    }
}
