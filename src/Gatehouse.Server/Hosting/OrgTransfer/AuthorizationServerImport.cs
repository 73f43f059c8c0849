using Gatehouse.Core.AuthorizationServers;
using Gatehouse.Storage;

using Microsoft.EntityFrameworkCore;

using OpenIddict.Abstractions;

namespace Gatehouse.Server.Hosting.OrgTransfer;

/// <summary>
/// Authorization servers with their scopes, access policies and rules. Policies and rules match by id, then by name
/// within their server or policy: the <c>default</c> server's "Default Policy" exists on every server with its own id.
/// </summary>
internal sealed class AuthorizationServerImport(GatehouseDbContext database, IOpenIddictScopeManager openIddictScopes)
{
    public async Task ImportAsync(OrgExportDocument document, ImportContext context, CancellationToken cancellationToken)
    {
        var servers = await database.AuthorizationServers.ToListAsync(cancellationToken);
        var scopes = await database.AuthorizationServerScopes.ToListAsync(cancellationToken);
        var policies = await database.AuthorizationServerPolicies.ToListAsync(cancellationToken);
        var rules = await database.AuthorizationServerPolicyRules.ToListAsync(cancellationToken);
        foreach (var declared in document.AuthorizationServers)
        {
            var server = servers.FirstOrDefault(server => server.Id == declared.Server.Id);
            if (server is null)
            {
                server = new AuthorizationServer { Id = declared.Server.Id, Name = declared.Server.Name, Audience = declared.Server.Audience };
                database.AuthorizationServers.Add(server);
                servers.Add(server);
            }

            server.Name = declared.Server.Name;
            server.Description = declared.Server.Description;
            server.Audience = declared.Server.Audience;
            server.Created = ImportContext.Date(server.Created, declared.Server.Created);
            server.DefaultPolicyCreated |= declared.Server.DefaultPolicyCreated;

            foreach (var declaredScope in declared.Scopes)
            {
                var scope = scopes.FirstOrDefault(scope => scope.AuthorizationServerId == server.Id && scope.Name == declaredScope.Name);
                if (scope is null)
                {
                    scope = new AuthorizationServerScope { AuthorizationServerId = server.Id, Name = declaredScope.Name };
                    database.AuthorizationServerScopes.Add(scope);
                    scopes.Add(scope);
                }

                scope.Description = declaredScope.Description;
            }

            foreach (var declaredPolicy in declared.Policies)
            {
                var policy = policies.FirstOrDefault(policy => policy.Id == declaredPolicy.Id)
                    ?? policies.FirstOrDefault(policy => policy.AuthorizationServerId == server.Id && policy.Name == declaredPolicy.Name);
                if (policy is null)
                {
                    policy = new AuthorizationServerPolicy { Id = declaredPolicy.Id, AuthorizationServerId = server.Id, Name = declaredPolicy.Name };
                    database.AuthorizationServerPolicies.Add(policy);
                    policies.Add(policy);
                }

                context.PolicyIds[declaredPolicy.Id] = policy.Id;
                policy.Name = declaredPolicy.Name;
                policy.Description = declaredPolicy.Description;
                policy.Priority = declaredPolicy.Priority;
                policy.Active = declaredPolicy.Active;
                policy.ClientIds = ImportContext.List(policy.ClientIds, declaredPolicy.ClientIds);
                policy.Created = ImportContext.Date(policy.Created, declaredPolicy.Created);
                policy.LastUpdated = ImportContext.Date(policy.LastUpdated, declaredPolicy.LastUpdated);
            }

            foreach (var declaredRule in declared.Rules)
            {
                var policyId = context.PolicyIds.GetValueOrDefault(declaredRule.PolicyId, declaredRule.PolicyId);
                var rule = rules.FirstOrDefault(rule => rule.Id == declaredRule.Id)
                    ?? rules.FirstOrDefault(rule => rule.PolicyId == policyId && rule.Name == declaredRule.Name);
                if (rule is null)
                {
                    rule = new AuthorizationServerPolicyRule { Id = declaredRule.Id, PolicyId = policyId, Name = declaredRule.Name };
                    database.AuthorizationServerPolicyRules.Add(rule);
                    rules.Add(rule);
                }

                rule.Name = declaredRule.Name;
                rule.Priority = declaredRule.Priority;
                rule.Active = declaredRule.Active;
                rule.GrantTypes = ImportContext.List(rule.GrantTypes, declaredRule.GrantTypes);
                rule.Scopes = ImportContext.List(rule.Scopes, declaredRule.Scopes);
                rule.GroupIds = ImportContext.List(rule.GroupIds, [.. declaredRule.GroupIds.Select(context.Group)]);
                rule.UserIds = ImportContext.List(rule.UserIds, [.. declaredRule.UserIds.Select(context.User)]);
                rule.AccessTokenLifetimeMinutes = declaredRule.AccessTokenLifetimeMinutes;
                rule.RefreshTokenLifetimeMinutes = declaredRule.RefreshTokenLifetimeMinutes;
                rule.RefreshTokenWindowMinutes = declaredRule.RefreshTokenWindowMinutes;
                rule.Created = ImportContext.Date(rule.Created, declaredRule.Created);
                rule.LastUpdated = ImportContext.Date(rule.LastUpdated, declaredRule.LastUpdated);
            }
        }
    }

    /// <summary>OpenIddict accepts only scopes it knows; which server offers which scope is Gatehouse's check (as the seed does).</summary>
    public async Task EnsureOpenIddictScopesAsync(OrgExportDocument document, CancellationToken cancellationToken)
    {
        foreach (var scope in document.AuthorizationServers.SelectMany(server => server.Scopes).DistinctBy(scope => scope.Name))
        {
            if (await openIddictScopes.FindByNameAsync(scope.Name, cancellationToken) is null)
            {
                await openIddictScopes.CreateAsync(new OpenIddictScopeDescriptor { Name = scope.Name, Description = scope.Description }, cancellationToken);
            }
        }
    }
}
