using Gatehouse.Core.AuthorizationServers;
using Gatehouse.Server.Protocol.AccessPolicies;
using Gatehouse.Server.Protocol.Issuers;
using Gatehouse.Storage;

using Microsoft.EntityFrameworkCore;

namespace Gatehouse.Server.ManagementApi.AuthorizationServers;

/// <summary>
/// <c>/api/v1/authorizationServers/{id}/policies</c>: a custom server's access policies (Okta's authorization-servers
/// reference, policy operations). Reading needs an admin, changing a super admin (SswsAuthenticationFilter).
/// Changes apply to the next token request (<see cref="ApplyAccessPolicy"/> reads them every time).
/// </summary>
internal static class PoliciesEndpoints
{
    public static RouteGroupBuilder MapPoliciesApi(this RouteGroupBuilder servers)
    {
        var policies = servers.MapGroup("/{authorizationServerId}/policies");
        policies.MapGet("/", ListAsync);
        policies.MapPost("/", CreateAsync);
        policies.MapGet("/{policyId}", GetAsync);
        policies.MapPut("/{policyId}", ReplaceAsync);
        policies.MapDelete("/{policyId}", DeleteAsync);
        policies.MapPost("/{policyId}/lifecycle/activate", (string authorizationServerId, string policyId, GatehouseDbContext database, TimeProvider clock, CancellationToken cancellationToken) =>
            SetActiveAsync(authorizationServerId, policyId, true, database, clock, cancellationToken));
        policies.MapPost("/{policyId}/lifecycle/deactivate", (string authorizationServerId, string policyId, GatehouseDbContext database, TimeProvider clock, CancellationToken cancellationToken) =>
            SetActiveAsync(authorizationServerId, policyId, false, database, clock, cancellationToken));
        policies.MapPolicyRulesApi();
        return servers;
    }

    /// <summary>The policy, or the Okta error for a missing server or policy.</summary>
    public static async Task<(AuthorizationServerPolicy? Policy, IResult? Error)> FindAsync(
        string authorizationServerId, string policyId, GatehouseDbContext database, CancellationToken cancellationToken)
    {
        if (!await database.AuthorizationServers.AnyAsync(server => server.Id == authorizationServerId, cancellationToken))
        {
            return (null, ManagementErrors.NotFound(authorizationServerId, "AuthorizationServer"));
        }

        var policy = await database.AuthorizationServerPolicies
            .SingleOrDefaultAsync(candidate => candidate.Id == policyId && candidate.AuthorizationServerId == authorizationServerId, cancellationToken);
        return policy is null ? (null, ManagementErrors.NotFound(policyId, PolicyResource.PolicyResourceName)) : (policy, null);
    }

    private static async Task<IResult> ListAsync(string authorizationServerId, GatehouseDbContext database, IssuerRegistry issuers, CancellationToken cancellationToken)
    {
        if (!await database.AuthorizationServers.AnyAsync(server => server.Id == authorizationServerId, cancellationToken))
        {
            return ManagementErrors.NotFound(authorizationServerId, "AuthorizationServer");
        }

        var policies = await database.AuthorizationServerPolicies.AsNoTracking()
            .Where(policy => policy.AuthorizationServerId == authorizationServerId).OrderBy(policy => policy.Priority).ToListAsync(cancellationToken);
        return TypedResults.Json(policies.Select(policy => PolicyResource.ToJson(policy, issuers.Origin)), ManagementJson.Options);
    }

    private static async Task<IResult> GetAsync(
        string authorizationServerId, string policyId, GatehouseDbContext database, IssuerRegistry issuers, CancellationToken cancellationToken)
    {
        var (policy, error) = await FindAsync(authorizationServerId, policyId, database, cancellationToken);
        return error ?? TypedResults.Json(PolicyResource.ToJson(policy!, issuers.Origin), ManagementJson.Options);
    }

    private static async Task<IResult> CreateAsync(
        string authorizationServerId, HttpRequest request, GatehouseDbContext database, PolicyValidation validation, IssuerRegistry issuers,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!await database.AuthorizationServers.AnyAsync(server => server.Id == authorizationServerId, cancellationToken))
        {
            return ManagementErrors.NotFound(authorizationServerId, "AuthorizationServer");
        }

        var (body, error) = await ManagementJson.ReadBodyAsync<PolicyBody>(request, cancellationToken);
        if ((error ?? Invalid(await validation.ValidateAsync(body!, cancellationToken))) is { } invalid)
        {
            return invalid;
        }

        var now = clock.GetUtcNow();
        var policy = new AuthorizationServerPolicy
        {
            AuthorizationServerId = authorizationServerId,
            Name = body!.Name!.Trim(),
            Created = now,
        };
        database.AuthorizationServerPolicies.Add(policy);
        await ApplyAsync(policy, body, database, now, cancellationToken);
        return TypedResults.Json(PolicyResource.ToJson(policy, issuers.Origin), ManagementJson.Options);
    }

    /// <summary>Okta's <c>PUT</c> replaces the policy; a priority left out keeps its place.</summary>
    private static async Task<IResult> ReplaceAsync(
        string authorizationServerId, string policyId, HttpRequest request, GatehouseDbContext database, PolicyValidation validation,
        IssuerRegistry issuers, TimeProvider clock, CancellationToken cancellationToken)
    {
        var (policy, notFound) = await FindAsync(authorizationServerId, policyId, database, cancellationToken);
        if (notFound is not null)
        {
            return notFound;
        }

        var (body, error) = await ManagementJson.ReadBodyAsync<PolicyBody>(request, cancellationToken);
        if ((error ?? Invalid(await validation.ValidateAsync(body!, cancellationToken))) is { } invalid)
        {
            return invalid;
        }

        await ApplyAsync(policy!, body! with { Priority = body!.Priority ?? policy!.Priority }, database, clock.GetUtcNow(), cancellationToken);
        return TypedResults.Json(PolicyResource.ToJson(policy!, issuers.Origin), ManagementJson.Options);
    }

    /// <summary>The policy's rules go with it (cascading foreign key); the others move up.</summary>
    private static async Task<IResult> DeleteAsync(
        string authorizationServerId, string policyId, GatehouseDbContext database, LongestTokenLifetimes lifetimes, CancellationToken cancellationToken)
    {
        var (policy, error) = await FindAsync(authorizationServerId, policyId, database, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        database.AuthorizationServerPolicies.Remove(policy!);
        var others = await database.AuthorizationServerPolicies
            .Where(other => other.AuthorizationServerId == authorizationServerId && other.Id != policyId).OrderBy(other => other.Priority).ToListAsync(cancellationToken);
        Priorities.Renumber(others, (other, priority) => other.Priority = priority);
        await database.SaveChangesAsync(cancellationToken);
        await lifetimes.ReloadAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> SetActiveAsync(
        string authorizationServerId, string policyId, bool active, GatehouseDbContext database, TimeProvider clock, CancellationToken cancellationToken)
    {
        var (policy, error) = await FindAsync(authorizationServerId, policyId, database, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        if (policy!.Active != active)
        {
            policy.Active = active;
            policy.LastUpdated = clock.GetUtcNow();
            await database.SaveChangesAsync(cancellationToken);
        }

        return TypedResults.NoContent();
    }

    private static async Task ApplyAsync(AuthorizationServerPolicy policy, PolicyBody body, GatehouseDbContext database, DateTimeOffset now, CancellationToken cancellationToken)
    {
        policy.Name = body.Name!.Trim();
        policy.Description = body.Description;
        policy.Active = body.Status is not "INACTIVE";
        policy.ClientIds = PolicyValidation.ClientsOf(body);
        policy.LastUpdated = now;
        var siblings = await database.AuthorizationServerPolicies
            .Where(other => other.AuthorizationServerId == policy.AuthorizationServerId && other.Id != policy.Id).ToListAsync(cancellationToken);
        Priorities.Place(siblings, policy, body.Priority, other => other.Priority, (other, priority) => other.Priority = priority);
        await database.SaveChangesAsync(cancellationToken);
    }

    public static IResult? Invalid(List<string> causes) =>
        causes.Count == 0 ? null : ManagementErrors.Validation(causes[0].Split(':')[0], causes);
}
