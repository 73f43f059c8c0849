using System.Collections.Immutable;
using System.Text.Json;

using Gatehouse.Core.Identifiers;
using Gatehouse.Server.Protocol.TokenClaims;

using Microsoft.AspNetCore.DataProtection;

using OpenIddict.Abstractions;
using OpenIddict.EntityFrameworkCore.Models;

using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Gatehouse.Server.Apps;

/// <summary>
/// Reads and writes <see cref="OidcApp"/>s as OpenIddict applications, always through OpenIddict's manager (its
/// validation, its cache invalidation). The app id is Okta-shaped (<c>0oa…</c>) and is OpenIddict's id, so
/// assignments and tokens refer to the same value.
/// </summary>
internal sealed class OidcAppStore(
    IOpenIddictApplicationManager applications,
    IOpenIddictScopeManager scopes,
    IDataProtectionProvider dataProtection,
    SecretHasher hasher)
{
    public const string SettingsProperty = "gatehouse_app";
    public const string SecretsProperty = "gatehouse_client_secrets";

    /// <summary>Written by earlier versions for seeded apps: the single secret's ciphertext.</summary>
    public const string LegacySecretProperty = "gatehouse_protected_client_secret";

    private IDataProtector SecretProtector => dataProtection.CreateProtector("Gatehouse.ClientSecrets.v1");

    public async Task<OidcApp?> FindAsync(string id, CancellationToken cancellationToken) =>
        await applications.FindByIdAsync(id, cancellationToken) is { } application ? await ToAppAsync(application, cancellationToken) : null;

    public async Task<OidcApp?> FindByClientIdAsync(string clientId, CancellationToken cancellationToken) =>
        await applications.FindByClientIdAsync(clientId, cancellationToken) is { } application ? await ToAppAsync(application, cancellationToken) : null;

    public async Task<List<OidcApp>> ListAsync(CancellationToken cancellationToken)
    {
        var apps = new List<OidcApp>();
        await foreach (var application in applications.ListAsync(count: null, offset: null, cancellationToken))
        {
            apps.Add(await ToAppAsync(application, cancellationToken));
        }

        return apps;
    }

    public async Task CreateAsync(OidcApp app, CancellationToken cancellationToken)
    {
        var descriptor = new OpenIddictApplicationDescriptor();
        await ApplyAsync(descriptor, app, cancellationToken);
        var secret = descriptor.ClientSecret;

        // OpenIddict's CreateAsync(application, secret) hashes the secret; the entity must not carry one itself.
        descriptor.ClientSecret = null;
        var entity = new OpenIddictEntityFrameworkCoreApplication { Id = app.Id };
        await applications.PopulateAsync(entity, descriptor, cancellationToken);
        await applications.CreateAsync(entity, secret, cancellationToken);
    }

    public async Task SaveAsync(OidcApp app, CancellationToken cancellationToken)
    {
        var entity = await applications.FindByIdAsync(app.Id, cancellationToken)
            ?? throw new InvalidOperationException($"The app {app.Id} does not exist.");
        var descriptor = new OpenIddictApplicationDescriptor();
        await applications.PopulateAsync(descriptor, entity, cancellationToken);
        await ApplyAsync(descriptor, app, cancellationToken);
        await applications.UpdateAsync(entity, descriptor, cancellationToken);
    }

    /// <summary>OpenIddict deletes the app's authorizations and tokens with it.</summary>
    public async Task DeleteAsync(string id, CancellationToken cancellationToken)
    {
        if (await applications.FindByIdAsync(id, cancellationToken) is { } entity)
        {
            await applications.DeleteAsync(entity, cancellationToken);
        }
    }

    public StoredClientSecret NewSecret(string secret, DateTimeOffset now) =>
        new(OktaId.New("ocs"), OidcApp.ActiveStatus, hasher.Hash(secret), SecretProtector.Protect(secret), now, now);

    /// <summary>The secret in clear, for an admin allowed to read it.</summary>
    public string Reveal(StoredClientSecret secret) => SecretProtector.Unprotect(secret.Ciphertext);

    public bool Matches(StoredClientSecret stored, string secret) => hasher.Verify(secret, stored.Hash);

    /// <summary>The stored secrets, or null for an app written before secrets were kept as a list.</summary>
    public static List<StoredClientSecret>? ReadSecrets(ImmutableDictionary<string, JsonElement> properties) =>
        properties.TryGetValue(SecretsProperty, out var value) ? value.Deserialize<List<StoredClientSecret>>() : null;

    private async Task ApplyAsync(OpenIddictApplicationDescriptor descriptor, OidcApp app, CancellationToken cancellationToken)
    {
        descriptor.ClientId = app.ClientId;
        descriptor.DisplayName = app.Label;
        descriptor.ClientType = app.IsPublic ? ClientTypes.Public : ClientTypes.Confidential;
        descriptor.ApplicationType = app.ApplicationType switch
        {
            "web" => ApplicationTypes.Web,
            "native" => ApplicationTypes.Native,
            _ => null,
        };

        // Okta's TRUSTED consent: the admin consented for the users (implicit consent).
        descriptor.ConsentType = ConsentTypes.Implicit;
        Replace(descriptor.RedirectUris, app.RedirectUris.Select(uri => new Uri(uri, UriKind.Absolute)));
        Replace(descriptor.PostLogoutRedirectUris, app.PostLogoutRedirectUris.Select(uri => new Uri(uri, UriKind.Absolute)));
        Replace(descriptor.Permissions, await PermissionsForAsync(app, cancellationToken));

        // Okta's pkce_required: a code request without a S256 challenge is refused (RFC 9700 §2.1.1).
        Replace(descriptor.Requirements, app.PkceRequired ? [Requirements.Features.ProofKeyForCodeExchange] : []);

        // The list is what is checked (GatehouseApplicationManager); OpenIddict's own column keeps the newest active
        // secret because OpenIddict requires confidential clients to have one.
        descriptor.ClientSecret = app.IsPublic ? null : app.Secrets.LastOrDefault(secret => secret.IsActive) is { } newest ? Reveal(newest) : null;
        descriptor.Properties.Remove(LegacySecretProperty);
        descriptor.Properties[SecretsProperty] = JsonSerializer.SerializeToElement(app.Secrets);
        descriptor.Properties[SettingsProperty] = JsonSerializer.SerializeToElement(StoredSettings.From(app));
    }

    private async Task<IEnumerable<string>> PermissionsForAsync(OidcApp app, CancellationToken cancellationToken)
    {
        var permissions = new List<string> { Permissions.Endpoints.Token, Permissions.Endpoints.Introspection, Permissions.Endpoints.Revocation };
        if (app.GrantTypes.Contains(GrantTypes.AuthorizationCode))
        {
            permissions.AddRange([Permissions.Endpoints.Authorization, Permissions.Endpoints.EndSession,
                Permissions.GrantTypes.AuthorizationCode, Permissions.ResponseTypes.Code, Permissions.Scopes.Profile, Permissions.Scopes.Email,
                Permissions.Prefixes.Scope + UserGroupsClaim.Scope]);
        }

        if (app.GrantTypes.Contains(GrantTypes.RefreshToken))
        {
            permissions.Add(Permissions.GrantTypes.RefreshToken);
        }

        if (app.GrantTypes.Contains(GrantTypes.ClientCredentials))
        {
            permissions.Add(Permissions.GrantTypes.ClientCredentials);
        }

        var custom = app.CustomScopes ?? await AllScopesAsync(cancellationToken);
        return permissions.Concat(custom.Select(scope => Permissions.Prefixes.Scope + scope));
    }

    /// <summary>Okta lets any app ask for the scopes its authorization server offers; which server offers which is checked at issuance.</summary>
    private async Task<List<string>> AllScopesAsync(CancellationToken cancellationToken)
    {
        var names = new List<string>();
        await foreach (var scope in scopes.ListAsync(count: null, offset: null, cancellationToken))
        {
            if (await scopes.GetNameAsync(scope, cancellationToken) is { } name)
            {
                names.Add(name);
            }
        }

        return names;
    }

    private async Task<OidcApp> ToAppAsync(object application, CancellationToken cancellationToken)
    {
        var properties = await applications.GetPropertiesAsync(application, cancellationToken);
        var permissions = await applications.GetPermissionsAsync(application, cancellationToken);
        var settings = properties.TryGetValue(SettingsProperty, out var value) ? value.Deserialize<StoredSettings>()! : StoredSettings.Derive(permissions);
        var app = new OidcApp
        {
            Id = (await applications.GetIdAsync(application, cancellationToken))!,
            ClientId = (await applications.GetClientIdAsync(application, cancellationToken))!,
            Label = await applications.GetDisplayNameAsync(application, cancellationToken) ?? string.Empty,
            ApplicationType = settings.ApplicationType,
            RedirectUris = [.. await applications.GetRedirectUrisAsync(application, cancellationToken)],
            PostLogoutRedirectUris = [.. await applications.GetPostLogoutRedirectUrisAsync(application, cancellationToken)],
            Secrets = ReadSecrets(properties) ?? LegacySecrets(application, properties),
            CustomScopes = settings.CustomScopes,
        };
        settings.CopyTo(app);
        return app;
    }

    /// <summary>An app stored before secrets were a list: its one secret, from the legacy ciphertext and OpenIddict's hash.</summary>
    private static List<StoredClientSecret> LegacySecrets(object application, ImmutableDictionary<string, JsonElement> properties)
    {
        var hash = (application as OpenIddictEntityFrameworkCoreApplication)?.ClientSecret;
        return hash is not null && properties.TryGetValue(LegacySecretProperty, out var ciphertext) && ciphertext.GetString() is { } protectedSecret
            ? [new StoredClientSecret("ocs" + new string([.. hash.Split(':')[^1].Where(char.IsAsciiLetterOrDigit).Take(17)]), OidcApp.ActiveStatus, hash, protectedSecret, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch)]
            : [];
    }

    private static void Replace<T>(HashSet<T> set, IEnumerable<T> values)
    {
        set.Clear();
        set.UnionWith(values);
    }
}
