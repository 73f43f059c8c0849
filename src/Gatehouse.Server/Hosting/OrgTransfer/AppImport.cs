using System.Text.Json;

using Gatehouse.Core.Apps;
using Gatehouse.Core.Identifiers;
using Gatehouse.Server.Apps;
using Gatehouse.Storage;

using Microsoft.EntityFrameworkCore;

namespace Gatehouse.Server.Hosting.OrgTransfer;

/// <summary>
/// Apps, through <see cref="OidcAppStore"/> (the settings OpenIddict enforces are derived there, as for every app), and
/// their group and user assignments. A client secret is re-hashed and re-encrypted with this server's keys from the
/// value in the file; without values (an export without <c>--include-keys</c>) an existing app keeps its secrets and a
/// new confidential app gets a new one, reported as a warning.
/// </summary>
internal sealed class AppImport(OidcAppStore store, GatehouseDbContext database, TimeProvider timeProvider)
{
    public async Task ImportAsync(OrgExportDocument document, ImportContext context, CancellationToken cancellationToken)
    {
        foreach (var declared in document.Apps.Where(app => !AdminConsoleApp.IsAdminConsole(app.Id)))
        {
            var existing = await store.FindAsync(declared.Id, cancellationToken) ?? await store.FindByClientIdAsync(declared.ClientId, cancellationToken);
            var app = new OidcApp
            {
                Id = existing?.Id ?? declared.Id,
                ClientId = declared.ClientId,
                Label = declared.Label,
                Status = declared.Status,
                Created = declared.Created,
                LastUpdated = declared.LastUpdated,
                ApplicationType = declared.ApplicationType,
                RedirectUris = declared.RedirectUris,
                PostLogoutRedirectUris = declared.PostLogoutRedirectUris,
                ResponseTypes = declared.ResponseTypes,
                GrantTypes = declared.GrantTypes,
                TokenEndpointAuthMethod = declared.TokenEndpointAuthMethod,
                PkceRequired = declared.PkceRequired,
                AutoKeyRotation = declared.AutoKeyRotation,
                ConsentMethod = declared.ConsentMethod,
                InitiateLoginUri = declared.InitiateLoginUri,
                CustomScopes = declared.CustomScopes,
            };
            app.Secrets = Secrets(declared, existing, app.IsPublic, context);

            if (existing is null)
            {
                await store.CreateAsync(app, cancellationToken);
                context.AppsCreated++;
                context.Changes.Add($"Added app {app.ClientId}");
            }
            else if (!SameApp(existing, app))
            {
                await store.SaveAsync(app, cancellationToken);
                context.AppsUpdated++;
                context.Changes.Add($"Modified app {app.ClientId}");
            }

            await ImportAssignmentsAsync(app.Id, declared, context, cancellationToken);
        }

        var changes = database.ChangeTracker.Entries().Where(entry => entry.State is EntityState.Added or EntityState.Modified).ToList();
        context.Changes.AddRange(changes.Select(ImportContext.Describe));
        await database.SaveChangesAsync(cancellationToken);
        context.AppsUpdated += changes.Count;
    }

    private List<StoredClientSecret> Secrets(ExportedApp declared, OidcApp? existing, bool isPublic, ImportContext context)
    {
        if (isPublic)
        {
            return [];
        }

        if (declared.Secrets.All(secret => secret.Value is null))
        {
            if (existing is { } app && app.Secrets.Count > 0)
            {
                return app.Secrets;
            }

            context.Warnings.Add($"App '{declared.Label}' ({declared.ClientId}): the file has no client secret values (export with --include-keys); " +
                "a new secret was generated: read it in the admin console or rotate it.");
            return [store.NewSecret(OktaId.RandomString(40), timeProvider.GetUtcNow())];
        }

        var secrets = new List<StoredClientSecret>();
        foreach (var secret in declared.Secrets.Where(secret => secret.Value is not null))
        {
            var current = existing?.Secrets.FirstOrDefault(stored => stored.Id == secret.Id);
            var stored = current is not null && store.Reveal(current) == secret.Value
                ? current
                : store.NewSecret(secret.Value!, secret.Created);
            secrets.Add(stored with { Id = secret.Id, Status = secret.Status, Created = secret.Created, LastUpdated = secret.LastUpdated });
        }

        return secrets;
    }

    /// <summary>Equal apps are not saved again: OpenIddict would write a new concurrency token.</summary>
    private static bool SameApp(OidcApp current, OidcApp imported) =>
        JsonSerializer.Serialize(current) == JsonSerializer.Serialize(imported);

    private async Task ImportAssignmentsAsync(string appId, ExportedApp declared, ImportContext context, CancellationToken cancellationToken)
    {
        var groups = await database.AppGroupAssignments.Where(assignment => assignment.AppId == appId).ToListAsync(cancellationToken);
        foreach (var declaredAssignment in declared.GroupAssignments)
        {
            var groupId = context.Group(declaredAssignment.GroupId);
            if (groups.FirstOrDefault(assignment => assignment.GroupId == groupId) is { } assignment)
            {
                assignment.Priority = declaredAssignment.Priority;
            }
            else
            {
                database.AppGroupAssignments.Add(new AppGroupAssignment
                {
                    AppId = appId,
                    GroupId = groupId,
                    Priority = declaredAssignment.Priority,
                    LastUpdated = timeProvider.GetUtcNow(),
                });
            }
        }

        var users = await database.AppUserAssignments.Where(assignment => assignment.AppId == appId).Select(assignment => assignment.UserId).ToListAsync(cancellationToken);
        foreach (var userId in declared.UserIds.Select(context.User).Where(userId => !users.Contains(userId)))
        {
            var now = timeProvider.GetUtcNow();
            database.AppUserAssignments.Add(new AppUserAssignment { AppId = appId, UserId = userId, Created = now, LastUpdated = now });
        }
    }
}
