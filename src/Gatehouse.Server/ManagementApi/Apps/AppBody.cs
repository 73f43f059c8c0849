using System.Text.Json.Serialization;

namespace Gatehouse.Server.ManagementApi.Apps;

/// <summary>
/// The body of <c>POST</c> and <c>PUT /api/v1/apps</c>: Okta's OpenIdConnectApplication (okta-reference.md §3). Other
/// properties a client sends back (<c>id</c>, <c>status</c>, <c>_links</c>…) are ignored, as Okta ignores read-only ones.
/// </summary>
internal sealed class AppBody
{
    public string? Name { get; set; }

    public string? Label { get; set; }

    public string? SignOnMode { get; set; }

    public AppCredentialsBody? Credentials { get; set; }

    public AppSettingsBody? Settings { get; set; }
}

internal sealed class AppCredentialsBody
{
    public OAuthClientCredentialsBody? OauthClient { get; set; }
}

internal sealed class OAuthClientCredentialsBody
{
    [JsonPropertyName("client_id")]
    public string? ClientId { get; set; }

    [JsonPropertyName("client_secret")]
    public string? ClientSecret { get; set; }

    [JsonPropertyName("token_endpoint_auth_method")]
    public string? TokenEndpointAuthMethod { get; set; }

    public bool? AutoKeyRotation { get; set; }

    [JsonPropertyName("pkce_required")]
    public bool? PkceRequired { get; set; }
}

internal sealed class AppSettingsBody
{
    public OAuthClientSettingsBody? OauthClient { get; set; }
}

internal sealed class OAuthClientSettingsBody
{
    [JsonPropertyName("redirect_uris")]
    public List<string?>? RedirectUris { get; set; }

    [JsonPropertyName("post_logout_redirect_uris")]
    public List<string?>? PostLogoutRedirectUris { get; set; }

    [JsonPropertyName("response_types")]
    public List<string?>? ResponseTypes { get; set; }

    [JsonPropertyName("grant_types")]
    public List<string?>? GrantTypes { get; set; }

    [JsonPropertyName("application_type")]
    public string? ApplicationType { get; set; }

    [JsonPropertyName("consent_method")]
    public string? ConsentMethod { get; set; }

    [JsonPropertyName("initiate_login_uri")]
    public string? InitiateLoginUri { get; set; }

    [JsonPropertyName("refresh_token")]
    public RefreshTokenBody? RefreshToken { get; set; }
}

/// <summary>Okta's <c>settings.oauthClient.refresh_token</c>: <c>{rotation_type: ROTATE|STATIC, leeway: 0–60}</c>.</summary>
internal sealed class RefreshTokenBody
{
    [JsonPropertyName("rotation_type")]
    public string? RotationType { get; set; }

    public int? Leeway { get; set; }
}
