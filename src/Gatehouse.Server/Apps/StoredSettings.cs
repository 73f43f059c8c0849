using System.Collections.Immutable;

using Gatehouse.Server.Protocol.TokenClaims;

using OpenIddict.Abstractions;

using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Gatehouse.Server.Apps;

/// <summary>
/// The Okta settings of an app that OpenIddict has no column for, kept as one JSON property of the OpenIddict
/// application (<see cref="OidcAppStore.SettingsProperty"/>).
/// </summary>
internal sealed record StoredSettings(
    string Status,
    DateTimeOffset Created,
    DateTimeOffset LastUpdated,
    string ApplicationType,
    List<string> ResponseTypes,
    List<string> GrantTypes,
    string TokenEndpointAuthMethod,
    bool PkceRequired,
    bool AutoKeyRotation,
    string ConsentMethod,
    string? InitiateLoginUri,
    List<string>? CustomScopes,
    RefreshTokenSettings? RefreshToken = null)
{
    public static StoredSettings From(OidcApp app) => new(
        app.Status, app.Created, app.LastUpdated, app.ApplicationType, app.ResponseTypes, app.GrantTypes, app.TokenEndpointAuthMethod,
        app.PkceRequired, app.AutoKeyRotation, app.ConsentMethod, app.InitiateLoginUri, app.CustomScopes, app.RefreshToken);

    /// <summary>An app written before these settings were kept (seeded web and service apps): read from its permissions.</summary>
    public static StoredSettings Derive(ImmutableArray<string> permissions)
    {
        var web = permissions.Contains(Permissions.GrantTypes.AuthorizationCode);
        List<string> grants = [.. permissions.Where(permission => permission.StartsWith(Permissions.Prefixes.GrantType, StringComparison.Ordinal))
            .Select(permission => permission[Permissions.Prefixes.GrantType.Length..])];
        List<string> custom = [.. permissions.Where(permission => permission.StartsWith(Permissions.Prefixes.Scope, StringComparison.Ordinal))
            .Select(permission => permission[Permissions.Prefixes.Scope.Length..])
            .Where(scope => scope is not Scopes.Profile and not Scopes.Email and not UserGroupsClaim.Scope)];
        return new StoredSettings(OidcApp.ActiveStatus, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, web ? "web" : "service",
            web ? [OpenIddictConstants.ResponseTypes.Code] : [OpenIddictConstants.ResponseTypes.Token], grants, "client_secret_basic", PkceRequired: false, AutoKeyRotation: true,
            "TRUSTED", InitiateLoginUri: null, custom);
    }

    public void CopyTo(OidcApp app)
    {
        app.Status = Status;
        app.Created = Created;
        app.LastUpdated = LastUpdated;
        app.ResponseTypes = ResponseTypes;
        app.GrantTypes = GrantTypes;
        app.TokenEndpointAuthMethod = TokenEndpointAuthMethod;
        app.PkceRequired = PkceRequired;
        app.AutoKeyRotation = AutoKeyRotation;
        app.ConsentMethod = ConsentMethod;
        app.InitiateLoginUri = InitiateLoginUri;
        app.RefreshToken = RefreshToken;
    }
}
