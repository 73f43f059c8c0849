using System.Text.Json;

using Gatehouse.Core.Identifiers;

using Microsoft.AspNetCore.DataProtection;

using OpenIddict.Abstractions;

using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Gatehouse.Server.Apps;

/// <summary>
/// Creates and updates app integrations as OpenIddict applications. The client secret is stored twice, neither in
/// clear: a keyed hash to verify it (<see cref="SecretHasher"/>) and a Data Protection ciphertext so that an admin
/// can read it back, as Okta allows.
/// </summary>
internal sealed class AppIntegrations(IOpenIddictApplicationManager applications, IDataProtectionProvider dataProtection)
{
    public const string ProtectedSecretProperty = "gatehouse_protected_client_secret";

    private IDataProtector SecretProtector => dataProtection.CreateProtector("Gatehouse.ClientSecrets.v1");

    /// <summary>Creates the app, or brings an existing one (same client id) to the declared state. Returns the app id.</summary>
    public async Task<string> CreateOrUpdateAsync(AppIntegration app, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(app);
        var clientId = app.ClientId ?? OktaId.NewAppId();
        var existing = await applications.FindByClientIdAsync(clientId, cancellationToken);
        var descriptor = new OpenIddictApplicationDescriptor();
        if (existing is not null)
        {
            await applications.PopulateAsync(descriptor, existing, cancellationToken);
        }

        descriptor.ClientId = clientId;
        descriptor.DisplayName = app.Label;
        descriptor.ClientType = ClientTypes.Confidential;
        descriptor.ApplicationType = app.Type == AppIntegrationType.Web ? ApplicationTypes.Web : null;
        descriptor.ConsentType = ConsentTypes.Implicit;
        Replace(descriptor.RedirectUris, app.RedirectUris.Select(uri => new Uri(uri, UriKind.Absolute)));
        Replace(descriptor.PostLogoutRedirectUris, app.PostLogoutRedirectUris.Select(uri => new Uri(uri, UriKind.Absolute)));
        Replace(descriptor.Permissions, PermissionsFor(app));

        // Okta's pkce_required: a code request without a S256 challenge is refused (RFC 9700 §2.1.1).
        Replace(descriptor.Requirements, app.PkceRequired ? [Requirements.Features.ProofKeyForCodeExchange] : []);

        var secret = app.ClientSecret ?? (existing is null ? OktaId.RandomString(40) : null);
        if (secret is not null && (existing is null || !await applications.ValidateClientSecretAsync(existing, secret, cancellationToken)))
        {
            descriptor.ClientSecret = secret;
            descriptor.Properties[ProtectedSecretProperty] = JsonSerializer.SerializeToElement(SecretProtector.Protect(secret));
        }

        if (existing is null)
        {
            var created = await applications.CreateAsync(descriptor, cancellationToken);
            return (await applications.GetIdAsync(created, cancellationToken))!;
        }

        await applications.UpdateAsync(existing, descriptor, cancellationToken);
        return (await applications.GetIdAsync(existing, cancellationToken))!;
    }

    private static IEnumerable<string> PermissionsFor(AppIntegration app)
    {
        string[] common = [Permissions.Endpoints.Token, Permissions.Endpoints.Introspection, Permissions.Endpoints.Revocation];
        var custom = app.CustomScopes.Select(scope => Permissions.Prefixes.Scope + scope);
        return app.Type switch
        {
            AppIntegrationType.Web => common.Concat(
            [
                Permissions.Endpoints.Authorization, Permissions.Endpoints.EndSession,
                Permissions.GrantTypes.AuthorizationCode, Permissions.GrantTypes.RefreshToken, Permissions.ResponseTypes.Code,
                Permissions.Scopes.Profile, Permissions.Scopes.Email, Permissions.Prefixes.Scope + "groups",
            ]).Concat(custom),
            _ => common.Append(Permissions.GrantTypes.ClientCredentials).Concat(custom),
        };
    }

    private static void Replace<T>(HashSet<T> set, IEnumerable<T> values)
    {
        set.Clear();
        set.UnionWith(values);
    }
}
