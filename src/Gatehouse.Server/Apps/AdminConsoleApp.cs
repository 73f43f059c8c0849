using Gatehouse.Core.Identifiers;
using Gatehouse.Core.Users;
using Gatehouse.Storage;

using Microsoft.EntityFrameworkCore;

using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Gatehouse.Server.Apps;

/// <summary>
/// The built-in "Gatehouse Admin Console" app: the OIDC client that <c>/admin</c> signs in with (Okta's own Admin
/// Console is such an app on the org authorization server). Created at start when missing, its redirect URIs kept
/// on the configured origin; assigned to admins only (<see cref="AppAssignments"/>); it cannot be deactivated or
/// deleted through the management API.
/// </summary>
internal sealed class AdminConsoleApp(OidcAppStore store, TimeProvider timeProvider)
{
    public const string Id = "0oaadminconsole000001";
    public const string ClientId = "gatehouse.admin.console";
    public const string Label = "Gatehouse Admin Console";
    public const string CallbackPath = "/admin/signin-oidc";
    public const string SignedOutCallbackPath = "/admin/signout-callback-oidc";

    public static bool IsAdminConsole(string appId) => appId == Id;

    /// <summary>Assigned to admins only: users holding one of Okta's admin roles.</summary>
    public static Task<bool> IsAdminAsync(GatehouseDbContext database, string userId, CancellationToken cancellationToken) =>
        database.UserRoles.Where(link => link.UserId == userId)
            .Join(database.Roles, link => link.RoleId, role => role.Id, (link, role) => role.Name)
            .AnyAsync(name => name == AdminRoles.SuperAdmin || name == AdminRoles.ReadOnlyAdmin, cancellationToken);

    public async Task EnsureAsync(string origin, CancellationToken cancellationToken)
    {
        string[] redirectUris = [origin + CallbackPath];
        string[] postLogoutRedirectUris = [origin + SignedOutCallbackPath];
        var now = timeProvider.GetUtcNow();
        if (await store.FindAsync(Id, cancellationToken) is { } existing)
        {
            if (existing.IsActive && existing.RedirectUris.SequenceEqual(redirectUris) && existing.PostLogoutRedirectUris.SequenceEqual(postLogoutRedirectUris)
                && existing.Secrets.Any(secret => secret.IsActive))
            {
                return;
            }

            existing.Status = OidcApp.ActiveStatus;
            existing.RedirectUris = [.. redirectUris];
            existing.PostLogoutRedirectUris = [.. postLogoutRedirectUris];
            if (!existing.Secrets.Any(secret => secret.IsActive))
            {
                existing.Secrets = [store.NewSecret(OktaId.RandomString(40), now)];
            }

            existing.LastUpdated = now;
            await store.SaveAsync(existing, cancellationToken);
            return;
        }

        await store.CreateAsync(new OidcApp
        {
            Id = Id,
            ClientId = ClientId,
            Label = Label,
            ApplicationType = "web",
            Created = now,
            LastUpdated = now,
            RedirectUris = [.. redirectUris],
            PostLogoutRedirectUris = [.. postLogoutRedirectUris],
            ResponseTypes = [ResponseTypes.Code],
            GrantTypes = [GrantTypes.AuthorizationCode],
            // The console's handler posts its secret in the body (it reads the current one from the store).
            TokenEndpointAuthMethod = "client_secret_post",
            PkceRequired = true,
            CustomScopes = [],
            Secrets = [store.NewSecret(OktaId.RandomString(40), now)],
        }, cancellationToken);
    }

    /// <summary>The newest active secret, for the console's own token request.</summary>
    public async Task<string?> CurrentSecretAsync(CancellationToken cancellationToken) =>
        await store.FindAsync(Id, cancellationToken) is { } app && app.Secrets.LastOrDefault(secret => secret.IsActive) is { } secret
            ? store.Reveal(secret)
            : null;
}
