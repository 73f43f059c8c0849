using Gatehouse.Core.Groups;
using Gatehouse.Core.Keys;
using Gatehouse.Core.TrustedOrigins;
using Gatehouse.Core.Users;
using Gatehouse.Server.Protocol.Issuers;
using Gatehouse.Server.Protocol.Keys;
using Gatehouse.Storage;

using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Gatehouse.Server.Hosting.OrgTransfer;

/// <summary>
/// Loads an <see cref="OrgExportDocument"/> into the configured database, idempotently: objects are matched by id,
/// then by their natural key (group and user names, client ids, origins), updated when they differ and created when
/// missing; nothing absent from the file is deleted. Directory objects are saved in one transaction; apps go through
/// <see cref="Apps.OidcAppStore"/>, the one code path that stores OpenIddict applications.
/// </summary>
internal sealed class OrgImporter(
    GatehouseDbContext database,
    AppImport apps,
    AuthorizationServerImport authorizationServers,
    ILookupNormalizer normalizer,
    IDataProtectionProvider dataProtection,
    IssuerRegistry issuers,
    KeyRing keyRing)
{
    public async Task<ImportSummary> ImportAsync(OrgExportDocument document, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (document.Format != OrgExportDocument.FormatName || document.Version != OrgExportDocument.CurrentVersion)
        {
            throw new InvalidDataException(
                $"Not a Gatehouse export this version reads (format '{document.Format}' version {document.Version}; expected '{OrgExportDocument.FormatName}' version {OrgExportDocument.CurrentVersion}).");
        }

        var context = new ImportContext();
        await ImportOrgAsync(document, cancellationToken);
        await ImportGroupsAsync(document, context, cancellationToken);
        await ImportUsersAsync(document, context, cancellationToken);
        await authorizationServers.ImportAsync(document, context, cancellationToken);
        await ImportTrustedOriginsAsync(document, cancellationToken);
        ImportSigningKeys(document, await database.Keys.Where(key => key.Purpose == KeyPurpose.Signing).ToListAsync(cancellationToken));

        var entries = database.ChangeTracker.Entries().ToList();
        var created = entries.Count(entry => entry.State == EntityState.Added);
        var updated = entries.Count(entry => entry.State is EntityState.Modified or EntityState.Deleted);
        context.Changes.AddRange(entries.Where(entry => entry.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            .Select(ImportContext.Describe));
        // One SaveChanges: the directory is written in one transaction.
        await database.SaveChangesAsync(cancellationToken);

        await authorizationServers.EnsureOpenIddictScopesAsync(document, cancellationToken);
        await apps.ImportAsync(document, context, cancellationToken);

        // This process serves the new servers and keys at once; other nodes at their next reload.
        await issuers.ReloadAsync(cancellationToken);
        foreach (var issuer in issuers.All)
        {
            await keyRing.LoadSigningKeysAsync(issuer.KeyId, cancellationToken);
        }

        return new ImportSummary(created + context.AppsCreated, updated + context.AppsUpdated, context.Changes, context.Warnings);
    }

    private async Task ImportOrgAsync(OrgExportDocument document, CancellationToken cancellationToken)
    {
        if (document.OrgName is { Length: > 0 } name && await database.Orgs.FirstOrDefaultAsync(cancellationToken) is { } org)
        {
            org.Name = name;
        }
    }

    private async Task ImportGroupsAsync(OrgExportDocument document, ImportContext context, CancellationToken cancellationToken)
    {
        var existing = await database.Groups.ToListAsync(cancellationToken);
        foreach (var declared in document.Groups)
        {
            // The built-in Everyone group exists on every server, with its own id.
            var group = existing.FirstOrDefault(group => group.Id == declared.Id)
                ?? existing.FirstOrDefault(group => declared.Type == GroupType.BuiltIn ? group.Type == GroupType.BuiltIn : group.Name == declared.Name);
            if (group is null)
            {
                group = new Group { Id = declared.Id, Name = declared.Name, Type = declared.Type };
                database.Groups.Add(group);
                existing.Add(group);
            }

            context.GroupIds[declared.Id] = group.Id;
            group.Name = declared.Name;
            group.Description = declared.Description;
            group.Created = ImportContext.Date(group.Created, declared.Created);
            group.LastUpdated = ImportContext.Date(group.LastUpdated, declared.LastUpdated);
            group.LastMembershipUpdated = ImportContext.Date(group.LastMembershipUpdated, declared.LastMembershipUpdated);
        }
    }

    private async Task ImportUsersAsync(OrgExportDocument document, ImportContext context, CancellationToken cancellationToken)
    {
        var existing = await database.Users.ToListAsync(cancellationToken);
        var memberships = await database.GroupMemberships.ToListAsync(cancellationToken);
        var roles = await database.Roles.ToListAsync(cancellationToken);
        var userRoles = await database.UserRoles.ToListAsync(cancellationToken);
        foreach (var declared in document.Users)
        {
            var normalizedName = normalizer.NormalizeName(declared.UserName);
            var user = existing.FirstOrDefault(user => user.Id == declared.Id) ?? existing.FirstOrDefault(user => user.NormalizedUserName == normalizedName);
            if (user is null)
            {
                user = new GatehouseUser { Id = declared.Id, ConcurrencyStamp = Guid.NewGuid().ToString() };
                database.Users.Add(user);
                existing.Add(user);
            }

            context.UserIds[declared.Id] = user.Id;
            Apply(user, declared, normalizedName);

            var groupIds = declared.GroupIds.Select(context.Group).ToHashSet(StringComparer.Ordinal);
            var fileGroups = context.GroupIds.Values.ToHashSet(StringComparer.Ordinal);
            foreach (var stale in memberships.Where(membership => membership.UserId == user.Id && fileGroups.Contains(membership.GroupId) && !groupIds.Contains(membership.GroupId)))
            {
                database.GroupMemberships.Remove(stale);
            }

            foreach (var groupId in groupIds.Where(groupId => !memberships.Any(membership => membership.UserId == user.Id && membership.GroupId == groupId)))
            {
                var membership = new GroupMembership { GroupId = groupId, UserId = user.Id };
                database.GroupMemberships.Add(membership);
                memberships.Add(membership);
            }

            foreach (var roleName in declared.AdminRoles)
            {
                var role = roles.FirstOrDefault(role => role.Name == roleName);
                if (role is null)
                {
                    role = new IdentityRole(roleName) { NormalizedName = normalizer.NormalizeName(roleName) };
                    database.Roles.Add(role);
                    roles.Add(role);
                }

                if (!userRoles.Any(link => link.UserId == user.Id && link.RoleId == role.Id))
                {
                    var link = new IdentityUserRole<string> { UserId = user.Id, RoleId = role.Id };
                    database.UserRoles.Add(link);
                    userRoles.Add(link);
                }
            }
        }
    }

    private void Apply(GatehouseUser user, ExportedUser declared, string normalizedName)
    {
        user.UserName = declared.UserName;
        user.NormalizedUserName = normalizedName;
        user.Email = declared.Email;
        user.NormalizedEmail = declared.Email is null ? null : normalizer.NormalizeEmail(declared.Email);
        user.EmailConfirmed = declared.EmailConfirmed;
        user.PhoneNumber = declared.PhoneNumber;
        user.FirstName = declared.FirstName;
        user.LastName = declared.LastName;
        user.Locale = declared.Locale;
        user.TimeZone = declared.TimeZone;
        user.Status = declared.Status;
        user.PasswordHash = declared.PasswordHash;
        user.SecurityStamp = declared.SecurityStamp;
        user.LockoutEnabled = declared.LockoutEnabled;
        user.LockoutEnd = ImportContext.Date(user.LockoutEnd, declared.LockoutEnd);
        user.AccessFailedCount = declared.AccessFailedCount;
        user.Created = ImportContext.Date(user.Created, declared.Created);
        user.LastUpdated = ImportContext.Date(user.LastUpdated, declared.LastUpdated);
        user.Activated = ImportContext.Date(user.Activated, declared.Activated);
        user.StatusChanged = ImportContext.Date(user.StatusChanged, declared.StatusChanged);
        user.PasswordChanged = ImportContext.Date(user.PasswordChanged, declared.PasswordChanged);
        // Activity on this server since the export is kept: a last sign-in never goes back.
        user.LastLogin = declared.LastLogin is null || user.LastLogin > declared.LastLogin ? user.LastLogin : ImportContext.Date(user.LastLogin, declared.LastLogin);
    }

    private async Task ImportTrustedOriginsAsync(OrgExportDocument document, CancellationToken cancellationToken)
    {
        var existing = await database.TrustedOrigins.ToListAsync(cancellationToken);
        foreach (var declared in document.TrustedOrigins)
        {
            var origin = existing.FirstOrDefault(origin => origin.Id == declared.Id)
                ?? existing.FirstOrDefault(origin => string.Equals(origin.Origin, declared.Origin, StringComparison.OrdinalIgnoreCase));
            if (origin is null)
            {
                origin = new TrustedOrigin { Id = declared.Id, Name = declared.Name, Origin = declared.Origin };
                database.TrustedOrigins.Add(origin);
                existing.Add(origin);
            }

            origin.Name = declared.Name;
            origin.Origin = declared.Origin;
            origin.Cors = declared.Cors;
            origin.Redirect = declared.Redirect;
            origin.Status = declared.Status;
            origin.Created = ImportContext.Date(origin.Created, declared.Created);
            origin.CreatedBy = declared.CreatedBy;
            origin.LastUpdated = ImportContext.Date(origin.LastUpdated, declared.LastUpdated);
            origin.LastUpdatedBy = declared.LastUpdatedBy;
        }
    }

    /// <summary>A key keeps its id (the JWT <c>kid</c>): tokens the old server signed validate here.</summary>
    private void ImportSigningKeys(OrgExportDocument document, List<KeyMaterial> existing)
    {
        var protector = dataProtection.CreateProtector(KeyRing.ProtectorPurpose);
        foreach (var declared in document.SigningKeys ?? [])
        {
            var key = existing.FirstOrDefault(key => key.Id == declared.Id);
            if (key is null)
            {
                key = new KeyMaterial
                {
                    Id = declared.Id,
                    Purpose = KeyPurpose.Signing,
                    AuthorizationServerId = declared.AuthorizationServerId,
                    Algorithm = declared.Algorithm,
                    ProtectedKey = protector.Protect(declared.PrivateKeyPem),
                };
                database.Keys.Add(key);
            }

            key.Created = ImportContext.Date(key.Created, declared.Created);
            key.ActivatesAt = ImportContext.Date(key.ActivatesAt, declared.ActivatesAt);
            key.RetiredAt = ImportContext.Date(key.RetiredAt, declared.RetiredAt);
        }
    }
}

/// <summary>What an import changed: a second import of the same file reports 0 created and 0 updated.</summary>
internal sealed record ImportSummary(int Created, int Updated, IReadOnlyList<string> Changes, IReadOnlyList<string> Warnings)
{
    public override string ToString() => $"{Created} created, {Updated} updated" + (Warnings.Count == 0 ? "." : $"; {Warnings.Count} warning(s).");
}
