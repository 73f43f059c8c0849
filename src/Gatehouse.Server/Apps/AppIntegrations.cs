using Gatehouse.Core.Identifiers;

using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Gatehouse.Server.Apps;

/// <summary>
/// Creates and updates the app integrations declared in the seed file, as <see cref="OidcApp"/>s (the same shape the
/// management API writes). A declared secret that no longer matches replaces the app's secrets.
/// </summary>
internal sealed class AppIntegrations(OidcAppStore store, TimeProvider timeProvider)
{
    /// <summary>Creates the app, or brings an existing one (same client id) to the declared state. Returns the app id.</summary>
    public async Task<string> CreateOrUpdateAsync(AppIntegration declared, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(declared);
        var now = timeProvider.GetUtcNow();
        var clientId = declared.ClientId ?? OktaId.NewAppId();
        var existing = await store.FindByClientIdAsync(clientId, cancellationToken);
        var web = declared.Type == AppIntegrationType.Web;
        var app = existing ?? new OidcApp
        {
            Id = OktaId.NewAppId(),
            ClientId = clientId,
            Label = declared.Label,
            ApplicationType = web ? "web" : "service",
            Created = now,
        };

        app.Label = declared.Label;
        app.LastUpdated = now;
        app.RedirectUris = [.. declared.RedirectUris];
        app.PostLogoutRedirectUris = [.. declared.PostLogoutRedirectUris];
        app.GrantTypes = web ? [GrantTypes.AuthorizationCode, GrantTypes.RefreshToken] : [GrantTypes.ClientCredentials];
        app.ResponseTypes = web ? [ResponseTypes.Code] : [ResponseTypes.Token];
        app.PkceRequired = declared.PkceRequired;
        app.CustomScopes = [.. declared.CustomScopes];
        app.RefreshToken = declared.RefreshToken ?? app.RefreshToken;

        var secret = declared.ClientSecret ?? (existing is null ? OktaId.RandomString(40) : null);
        if (secret is not null && !app.Secrets.Any(stored => stored.IsActive && store.Matches(stored, secret)))
        {
            app.Secrets = [store.NewSecret(secret, now)];
        }

        if (existing is null)
        {
            await store.CreateAsync(app, cancellationToken);
        }
        else
        {
            await store.SaveAsync(app, cancellationToken);
        }

        return app.Id;
    }
}
