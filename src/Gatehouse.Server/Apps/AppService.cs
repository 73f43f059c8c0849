using Gatehouse.Core.Apps;
using Gatehouse.Core.Identifiers;
using Gatehouse.Server.ManagementApi.Apps;
using Gatehouse.Storage;

using Microsoft.EntityFrameworkCore;

using OpenIddict.Abstractions;

namespace Gatehouse.Server.Apps;

/// <summary>
/// The rules for changing apps, shared by <c>/api/v1/apps</c> and the admin console (one code path per rule):
/// Okta's validation (<see cref="AppValidator"/>), unique client ids and active labels, client secret rotation and
/// assignments. Failures are Okta-style causes (<c>field: message</c>); callers render them their way.
/// </summary>
internal sealed class AppService(OidcAppStore store, GatehouseDbContext database, TimeProvider timeProvider)
{
    public const int MaxSecrets = 2;

    /// <summary>Okta's defaults: a web app with a generated secret, client_secret_basic, TRUSTED consent; the client id is the app id unless given.</summary>
    public async Task<(OidcApp App, string? Secret, List<string> Causes)> CreateAsync(AppBody body, bool activate, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var id = OktaId.NewAppId();
        var app = new OidcApp
        {
            Id = id,
            ClientId = body.Credentials?.OauthClient?.ClientId ?? id,
            Label = string.Empty,
            ApplicationType = "web",
            Status = activate ? OidcApp.ActiveStatus : OidcApp.InactiveStatus,
            Created = now,
            LastUpdated = now,
        };
        var causes = AppValidator.Apply(body, app, creating: true);
        if (causes.Count == 0)
        {
            causes.AddRange(await ConflictsAsync(app, cancellationToken));
        }

        if (causes.Count > 0)
        {
            return (app, null, causes);
        }

        string? secret = null;
        if (!app.IsPublic)
        {
            secret = body.Credentials?.OauthClient?.ClientSecret ?? OktaId.RandomString(40);
            app.Secrets = [store.NewSecret(secret, now)];
        }

        causes.AddRange(await SaveAsync(() => store.CreateAsync(app, cancellationToken)));
        return (app, secret, causes);
    }

    /// <summary>Okta's full update: the body replaces label and settings; the app type and client id cannot change.</summary>
    public async Task<List<string>> ReplaceAsync(OidcApp app, AppBody body, CancellationToken cancellationToken)
    {
        var causes = AppValidator.Apply(body, app, creating: false);
        if (causes.Count == 0)
        {
            causes.AddRange(await ConflictsAsync(app, cancellationToken));
        }

        if (causes.Count > 0)
        {
            return causes;
        }

        app.LastUpdated = timeProvider.GetUtcNow();
        return await SaveAsync(() => store.SaveAsync(app, cancellationToken));
    }

    /// <summary>
    /// Client ids are unique; so are the labels of ACTIVE apps, with Okta's message (okta/okta-cli#56) — an
    /// inactive app may share a label, and cannot be activated while the other is active.
    /// </summary>
    public async Task<List<string>> ConflictsAsync(OidcApp app, CancellationToken cancellationToken)
    {
        var others = (await store.ListAsync(cancellationToken)).Where(other => other.Id != app.Id).ToList();
        var causes = new List<string>();
        if (others.Any(other => other.ClientId == app.ClientId))
        {
            causes.Add("client_id: An object with this field already exists in the current organization");
        }

        if (app.IsActive && others.Any(other => other.IsActive && string.Equals(other.Label, app.Label, StringComparison.OrdinalIgnoreCase)))
        {
            causes.Add($"label: An active OpenID Connect Client instance with the label \"{app.Label}\" already exists.");
        }

        return causes;
    }

    /// <summary>Adds a client secret (at most <see cref="MaxSecrets"/>; none for public clients).</summary>
    public async Task<(StoredClientSecret? Secret, string? Cause)> AddSecretAsync(OidcApp app, string? clientSecret, string? status, CancellationToken cancellationToken)
    {
        var cause = app.IsPublic ? "client_secret: Public clients (token_endpoint_auth_method none) have no client secret"
            : app.Secrets.Count >= MaxSecrets ? $"client_secret: An app can have at most {MaxSecrets} client secrets; delete an inactive one first"
            : clientSecret is { } supplied && !ClientSecretRules.IsValid(supplied) ? ClientSecretRules.Cause
            : status is not null and not OidcApp.ActiveStatus and not OidcApp.InactiveStatus ? "status: must be ACTIVE or INACTIVE"
            : null;
        if (cause is not null)
        {
            return (null, cause);
        }

        var secret = store.NewSecret(clientSecret ?? OktaId.RandomString(40), timeProvider.GetUtcNow()) with { Status = status ?? OidcApp.ActiveStatus };
        app.Secrets.Add(secret);
        await store.SaveAsync(app, cancellationToken);
        return (secret, null);
    }

    /// <summary>
    /// The console's "Generate new secret": a new active secret replaces the current ones at once. Composed of the
    /// API's steps: deactivate the old secrets, delete the inactive ones, add the new one.
    /// </summary>
    public async Task<(StoredClientSecret? Secret, string? Cause)> RotateSecretAsync(OidcApp app, CancellationToken cancellationToken)
    {
        if (app.IsPublic)
        {
            return await AddSecretAsync(app, null, null, cancellationToken);
        }

        app.Secrets.Clear();
        return await AddSecretAsync(app, null, null, cancellationToken);
    }

    /// <summary>Idempotent: assigning again updates the priority.</summary>
    public async Task<AppGroupAssignment> AssignGroupAsync(string appId, string groupId, int? priority, CancellationToken cancellationToken)
    {
        var assignment = await database.AppGroupAssignments.FindAsync([appId, groupId], cancellationToken);
        if (assignment is null)
        {
            assignment = new AppGroupAssignment { AppId = appId, GroupId = groupId };
            database.AppGroupAssignments.Add(assignment);
        }

        assignment.Priority = priority ?? assignment.Priority;
        assignment.LastUpdated = timeProvider.GetUtcNow();
        await database.SaveChangesAsync(cancellationToken);
        return assignment;
    }

    /// <summary>False when the group was not assigned.</summary>
    public async Task<bool> UnassignGroupAsync(string appId, string groupId, CancellationToken cancellationToken)
    {
        if (await database.AppGroupAssignments.FindAsync([appId, groupId], cancellationToken) is not { } assignment)
        {
            return false;
        }

        database.AppGroupAssignments.Remove(assignment);
        await database.SaveChangesAsync(cancellationToken);
        return true;
    }

    public async Task<AppUserAssignment> AssignUserAsync(string appId, string userId, CancellationToken cancellationToken)
    {
        var assignment = await database.AppUserAssignments.FindAsync([appId, userId], cancellationToken);
        if (assignment is null)
        {
            var now = timeProvider.GetUtcNow();
            assignment = new AppUserAssignment { AppId = appId, UserId = userId, Created = now, LastUpdated = now };
            database.AppUserAssignments.Add(assignment);
            await database.SaveChangesAsync(cancellationToken);
        }

        return assignment;
    }

    /// <summary>False when the user was not assigned directly.</summary>
    public async Task<bool> UnassignUserAsync(string appId, string userId, CancellationToken cancellationToken)
    {
        if (await database.AppUserAssignments.FindAsync([appId, userId], cancellationToken) is not { } assignment)
        {
            return false;
        }

        database.AppUserAssignments.Remove(assignment);
        await database.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>OpenIddict validates applications once more when they are stored; anything left is still the caller's input.</summary>
    private static async Task<List<string>> SaveAsync(Func<Task> save)
    {
        try
        {
            await save();
            return [];
        }
        catch (OpenIddictExceptions.ValidationException exception)
        {
            return [.. exception.Results.Select(result => "settings: " + result.ErrorMessage)];
        }
    }
}
