namespace Gatehouse.Server.Apps;

/// <summary>The kinds of OIDC app integration (Okta's <c>application_type</c> choices).</summary>
internal enum AppIntegrationType
{
    /// <summary>Server-side web app: authorization code, confidential (client secret).</summary>
    Web,

    /// <summary>Machine-to-machine: client credentials, confidential.</summary>
    Service,
}

/// <summary>What an admin declares about an app integration (seed file, later the management API).</summary>
internal sealed record AppIntegration(
    string Label,
    AppIntegrationType Type,
    string? ClientId,
    string? ClientSecret,
    IReadOnlyList<string> RedirectUris,
    IReadOnlyList<string> PostLogoutRedirectUris,
    IReadOnlyList<string> CustomScopes,
    bool PkceRequired = false,
    RefreshTokenSettings? RefreshToken = null);
