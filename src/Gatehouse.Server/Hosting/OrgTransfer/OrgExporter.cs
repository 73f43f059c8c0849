using Gatehouse.Core.Keys;
using Gatehouse.Server.Apps;
using Gatehouse.Server.Protocol.Keys;
using Gatehouse.Storage;

using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace Gatehouse.Server.Hosting.OrgTransfer;

/// <summary>
/// Reads an org out of the configured database into an <see cref="OrgExportDocument"/>. Left out: the admin console's
/// own app (each server has one for its origin), API tokens and sessions, tokens and codes (credentials of this
/// server), the System Log, and the keys that hash and encrypt secrets (each server keeps its own).
/// </summary>
internal sealed class OrgExporter(GatehouseDbContext database, OidcAppStore apps, IDataProtectionProvider dataProtection, TimeProvider timeProvider)
{
    public async Task<OrgExportDocument> ExportAsync(bool includeKeys, CancellationToken cancellationToken)
    {
        var memberships = await database.GroupMemberships.AsNoTracking().ToListAsync(cancellationToken);
        var roles = await database.UserRoles.AsNoTracking()
            .Join(database.Roles, link => link.RoleId, role => role.Id, (link, role) => new { link.UserId, role.Name })
            .ToListAsync(cancellationToken);
        var users = await database.Users.AsNoTracking().OrderBy(user => user.Id).ToListAsync(cancellationToken);
        var servers = await database.AuthorizationServers.AsNoTracking().OrderBy(server => server.Id).ToListAsync(cancellationToken);
        var scopes = await database.AuthorizationServerScopes.AsNoTracking().ToListAsync(cancellationToken);
        var policies = await database.AuthorizationServerPolicies.AsNoTracking().ToListAsync(cancellationToken);
        var rules = await database.AuthorizationServerPolicyRules.AsNoTracking().ToListAsync(cancellationToken);
        var groupAssignments = await database.AppGroupAssignments.AsNoTracking().ToListAsync(cancellationToken);
        var userAssignments = await database.AppUserAssignments.AsNoTracking().ToListAsync(cancellationToken);

        var exportedApps = new List<ExportedApp>();
        foreach (var app in (await apps.ListAsync(cancellationToken)).Where(app => !AdminConsoleApp.IsAdminConsole(app.Id)).OrderBy(app => app.Id, StringComparer.Ordinal))
        {
            exportedApps.Add(new ExportedApp(
                app.Id, app.ClientId, app.Label, app.Status, app.Created, app.LastUpdated, app.ApplicationType,
                app.RedirectUris, app.PostLogoutRedirectUris, app.ResponseTypes, app.GrantTypes, app.TokenEndpointAuthMethod,
                app.PkceRequired, app.AutoKeyRotation, app.ConsentMethod, app.InitiateLoginUri, app.CustomScopes,
                [.. app.Secrets.Select(secret => new ExportedClientSecret(secret.Id, secret.Status, secret.Created, secret.LastUpdated,
                    includeKeys ? apps.Reveal(secret) : null))],
                [.. groupAssignments.Where(assignment => assignment.AppId == app.Id).OrderBy(assignment => assignment.GroupId, StringComparer.Ordinal)
                    .Select(assignment => new ExportedGroupAssignment(assignment.GroupId, assignment.Priority))],
                [.. userAssignments.Where(assignment => assignment.AppId == app.Id).Select(assignment => assignment.UserId).Order(StringComparer.Ordinal)]));
        }

        return new OrgExportDocument
        {
            ExportedAt = timeProvider.GetUtcNow(),
            IncludesKeys = includeKeys,
            OrgName = await database.Orgs.AsNoTracking().Select(org => org.Name).FirstOrDefaultAsync(cancellationToken),
            Groups = await database.Groups.AsNoTracking().OrderBy(group => group.Id).ToListAsync(cancellationToken),
            Users = [.. users.Select(user => new ExportedUser(
                user.Id, user.UserName!, user.Email, user.EmailConfirmed, user.PhoneNumber, user.FirstName, user.LastName, user.Locale,
                user.TimeZone, user.Status, user.PasswordHash, user.SecurityStamp, user.LockoutEnabled, user.LockoutEnd, user.AccessFailedCount,
                user.Created, user.LastUpdated, user.Activated, user.StatusChanged, user.PasswordChanged, user.LastLogin,
                [.. memberships.Where(membership => membership.UserId == user.Id).Select(membership => membership.GroupId).Order(StringComparer.Ordinal)],
                [.. roles.Where(role => role.UserId == user.Id && role.Name is not null).Select(role => role.Name!).Order(StringComparer.Ordinal)]))],
            AuthorizationServers = [.. servers.Select(server => new ExportedAuthorizationServer(
                server,
                [.. scopes.Where(scope => scope.AuthorizationServerId == server.Id).OrderBy(scope => scope.Name, StringComparer.Ordinal)],
                [.. policies.Where(policy => policy.AuthorizationServerId == server.Id).OrderBy(policy => policy.Id, StringComparer.Ordinal)],
                [.. rules.Where(rule => policies.Any(policy => policy.Id == rule.PolicyId && policy.AuthorizationServerId == server.Id))
                    .OrderBy(rule => rule.Id, StringComparer.Ordinal)]))],
            Apps = exportedApps,
            TrustedOrigins = await database.TrustedOrigins.AsNoTracking().OrderBy(origin => origin.Id).ToListAsync(cancellationToken),
            SigningKeys = includeKeys ? await SigningKeysAsync(cancellationToken) : null,
        };
    }

    private async Task<List<ExportedSigningKey>> SigningKeysAsync(CancellationToken cancellationToken)
    {
        var protector = dataProtection.CreateProtector(KeyRing.ProtectorPurpose);
        var keys = await database.Keys.AsNoTracking().Where(key => key.Purpose == KeyPurpose.Signing).OrderBy(key => key.Id).ToListAsync(cancellationToken);
        return [.. keys.Select(key => new ExportedSigningKey(
            key.Id, key.AuthorizationServerId, key.Algorithm, protector.Unprotect(key.ProtectedKey), key.Created, key.ActivatesAt, key.RetiredAt))];
    }
}
