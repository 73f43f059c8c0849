namespace Gatehouse.Server.Apps;

/// <summary>
/// An OIDC app integration as Okta describes it (okta-reference.md §3): what the management API reads and writes.
/// Kept on the OpenIddict application: id, client id, label and URIs in its columns, the rest in its properties
/// (<see cref="OidcAppStore"/>).
/// </summary>
internal sealed class OidcApp
{
    public const string ActiveStatus = "ACTIVE";
    public const string InactiveStatus = "INACTIVE";

    public required string Id { get; init; }

    public required string ClientId { get; set; }

    public required string Label { get; set; }

    public string Status { get; set; } = ActiveStatus;

    public DateTimeOffset Created { get; set; }

    public DateTimeOffset LastUpdated { get; set; }

    /// <summary>Okta's <c>application_type</c>: web, browser, native or service. Immutable after creation.</summary>
    public required string ApplicationType { get; set; }

    public List<string> RedirectUris { get; set; } = [];

    public List<string> PostLogoutRedirectUris { get; set; } = [];

    public List<string> ResponseTypes { get; set; } = [];

    public List<string> GrantTypes { get; set; } = [];

    /// <summary><c>client_secret_basic</c>, <c>client_secret_post</c>, or <c>none</c> for public clients (browser, native).</summary>
    public string TokenEndpointAuthMethod { get; set; } = "client_secret_basic";

    public bool PkceRequired { get; set; }

    public bool AutoKeyRotation { get; set; } = true;

    public string ConsentMethod { get; set; } = "TRUSTED";

    public string? InitiateLoginUri { get; set; }

    /// <summary>Custom scopes the app may request; null: every scope known when the app is saved (apps made by the API).</summary>
    public List<string>? CustomScopes { get; set; }

    /// <summary>Okta's <c>settings.oauthClient.refresh_token</c>; null (apps stored before it was kept): the type's default.</summary>
    public RefreshTokenSettings? RefreshToken { get; set; }

    /// <summary>The refresh token rotation the token endpoint applies.</summary>
    public RefreshTokenSettings EffectiveRefreshToken => RefreshToken ?? RefreshTokenSettings.DefaultFor(ApplicationType);

    /// <summary>Client secrets, newest last; empty for public clients.</summary>
    public List<StoredClientSecret> Secrets { get; set; } = [];

    public bool IsActive => Status == ActiveStatus;

    public bool IsPublic => TokenEndpointAuthMethod == "none";
}

/// <summary>
/// One client secret: a keyed hash to verify it (<see cref="SecretHasher"/>) and a Data Protection ciphertext so an
/// admin can read it back, as Okta allows. Never the secret in clear.
/// </summary>
internal sealed record StoredClientSecret(string Id, string Status, string Hash, string Ciphertext, DateTimeOffset Created, DateTimeOffset LastUpdated)
{
    public bool IsActive => Status == OidcApp.ActiveStatus;
}
