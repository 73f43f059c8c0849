using Gatehouse.Core.AuthorizationServers;
using Gatehouse.Server.Protocol.AccessPolicies;
using Gatehouse.Server.Protocol.Issuers;
using Gatehouse.Storage;

using Microsoft.EntityFrameworkCore;

namespace Gatehouse.Server.ManagementApi.AuthorizationServers;

/// <summary>
/// <c>/api/v1/authorizationServers/{id}/policies/{policyId}/rules</c>: the rules of an access policy, with the token
/// lifetimes they grant (Okta's authorization-servers reference, policy rule operations). Every change reloads
/// <see cref="LongestTokenLifetimes"/>, which decides how long retired signing keys stay published.
/// </summary>
internal static class PolicyRulesEndpoints
{
    public static RouteGroupBuilder MapPolicyRulesApi(this RouteGroupBuilder policies)
    {
        var rules = policies.MapGroup("/{policyId}/rules");
        rules.MapGet("/", ListAsync);
        rules.MapPost("/", CreateAsync);
        rules.MapGet("/{ruleId}", GetAsync);
        rules.MapPut("/{ruleId}", ReplaceAsync);
        rules.MapDelete("/{ruleId}", DeleteAsync);
        rules.MapPost("/{ruleId}/lifecycle/activate", (string authorizationServerId, string policyId, string ruleId, GatehouseDbContext database, TimeProvider clock, CancellationToken cancellationToken) =>
            SetActiveAsync(authorizationServerId, policyId, ruleId, true, database, clock, cancellationToken));
        rules.MapPost("/{ruleId}/lifecycle/deactivate", (string authorizationServerId, string policyId, string ruleId, GatehouseDbContext database, TimeProvider clock, CancellationToken cancellationToken) =>
            SetActiveAsync(authorizationServerId, policyId, ruleId, false, database, clock, cancellationToken));
        return policies;
    }

    private static async Task<(AuthorizationServerPolicy? Policy, AuthorizationServerPolicyRule? Rule, IResult? Error)> FindAsync(
        string authorizationServerId, string policyId, string ruleId, GatehouseDbContext database, CancellationToken cancellationToken)
    {
        var (policy, error) = await PoliciesEndpoints.FindAsync(authorizationServerId, policyId, database, cancellationToken);
        if (error is not null)
        {
            return (null, null, error);
        }

        var rule = await database.AuthorizationServerPolicyRules.SingleOrDefaultAsync(candidate => candidate.Id == ruleId && candidate.PolicyId == policyId, cancellationToken);
        return rule is null ? (policy, null, ManagementErrors.NotFound(ruleId, PolicyResource.RuleResourceName)) : (policy, rule, null);
    }

    private static async Task<IResult> ListAsync(
        string authorizationServerId, string policyId, GatehouseDbContext database, IssuerRegistry issuers, CancellationToken cancellationToken)
    {
        var (policy, error) = await PoliciesEndpoints.FindAsync(authorizationServerId, policyId, database, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        var rules = await database.AuthorizationServerPolicyRules.AsNoTracking()
            .Where(rule => rule.PolicyId == policyId).OrderBy(rule => rule.Priority).ToListAsync(cancellationToken);
        return TypedResults.Json(rules.Select(rule => PolicyResource.ToJson(rule, policy!, issuers.Origin)), ManagementJson.Options);
    }

    private static async Task<IResult> GetAsync(
        string authorizationServerId, string policyId, string ruleId, GatehouseDbContext database, IssuerRegistry issuers, CancellationToken cancellationToken)
    {
        var (policy, rule, error) = await FindAsync(authorizationServerId, policyId, ruleId, database, cancellationToken);
        return error ?? TypedResults.Json(PolicyResource.ToJson(rule!, policy!, issuers.Origin), ManagementJson.Options);
    }

    private static async Task<IResult> CreateAsync(
        string authorizationServerId, string policyId, HttpRequest request, GatehouseDbContext database, PolicyRuleService rules,
        IssuerRegistry issuers, CancellationToken cancellationToken)
    {
        var (policy, notFound) = await PoliciesEndpoints.FindAsync(authorizationServerId, policyId, database, cancellationToken);
        if (notFound is not null)
        {
            return notFound;
        }

        var (body, error) = await ManagementJson.ReadBodyAsync<RuleBody>(request, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        var (rule, causes) = await rules.CreateAsync(authorizationServerId, policyId, body!, cancellationToken);
        return PoliciesEndpoints.Invalid(causes) ?? TypedResults.Json(PolicyResource.ToJson(rule, policy!, issuers.Origin), ManagementJson.Options);
    }

    private static async Task<IResult> ReplaceAsync(
        string authorizationServerId, string policyId, string ruleId, HttpRequest request, GatehouseDbContext database, PolicyRuleService rules,
        IssuerRegistry issuers, CancellationToken cancellationToken)
    {
        var (policy, rule, notFound) = await FindAsync(authorizationServerId, policyId, ruleId, database, cancellationToken);
        if (notFound is not null)
        {
            return notFound;
        }

        var (body, error) = await ManagementJson.ReadBodyAsync<RuleBody>(request, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        var causes = await rules.ReplaceAsync(authorizationServerId, rule!, body!, cancellationToken);
        return PoliciesEndpoints.Invalid(causes) ?? TypedResults.Json(PolicyResource.ToJson(rule!, policy!, issuers.Origin), ManagementJson.Options);
    }

    private static async Task<IResult> DeleteAsync(
        string authorizationServerId, string policyId, string ruleId, GatehouseDbContext database, LongestTokenLifetimes lifetimes, CancellationToken cancellationToken)
    {
        var (_, rule, error) = await FindAsync(authorizationServerId, policyId, ruleId, database, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        database.AuthorizationServerPolicyRules.Remove(rule!);
        var others = await database.AuthorizationServerPolicyRules
            .Where(other => other.PolicyId == policyId && other.Id != ruleId).OrderBy(other => other.Priority).ToListAsync(cancellationToken);
        Priorities.Renumber(others, (other, priority) => other.Priority = priority);
        await database.SaveChangesAsync(cancellationToken);
        await lifetimes.ReloadAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> SetActiveAsync(
        string authorizationServerId, string policyId, string ruleId, bool active, GatehouseDbContext database, TimeProvider clock, CancellationToken cancellationToken)
    {
        var (_, rule, error) = await FindAsync(authorizationServerId, policyId, ruleId, database, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        if (rule!.Active != active)
        {
            rule.Active = active;
            rule.LastUpdated = clock.GetUtcNow();
            await database.SaveChangesAsync(cancellationToken);
        }

        return TypedResults.NoContent();
    }
}
